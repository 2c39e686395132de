package org.ciers.protocol.xml;

import java.io.ByteArrayInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;

/**
 * The only way CIERS reads XML: no DTD (a document carrying one is refused, so neither external
 * entities nor entity expansion bombs can be declared), no external entities, bounded size and depth.
 */
final class HardenedXml {
    static final int MAX_DEPTH = 4;
    static final String ROOT = "CIERS";

    private HardenedXml() {
    }

    static XMLInputFactory inputFactory() {
        WstxInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, MAX_DEPTH + 1);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 8);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external resources are refused");
        });
        return factory;
    }

    /**
     * Streams once through the document and refuses what Jackson's tree reader would silently
     * skip or accept: a DTD, entity references, a root other than {@code <CIERS>}, nesting deeper
     * than any CIERS message has.
     */
    static void vet(XMLInputFactory factory, byte[] document) throws MalformedCiersException {
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(document));
            int depth = 0;
            boolean rootSeen = false;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD:
                        throw new MalformedCiersException("a DTD is refused");
                    case XMLStreamConstants.ENTITY_REFERENCE:
                        throw new MalformedCiersException("entity references are refused");
                    case XMLStreamConstants.START_ELEMENT:
                        depth++;
                        if (depth == 1) {
                            if (rootSeen || !ROOT.equals(reader.getLocalName())) {
                                throw new MalformedCiersException("the root element must be <CIERS>");
                            }
                            rootSeen = true;
                        }
                        if (depth > MAX_DEPTH) {
                            throw new MalformedCiersException("nested too deep");
                        }
                        break;
                    case XMLStreamConstants.END_ELEMENT:
                        depth--;
                        break;
                    default:
                        break;
                }
            }
            if (!rootSeen) {
                throw new MalformedCiersException("no <CIERS> element");
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new MalformedCiersException("not well-formed XML", e);
        } finally {
            closeQuietly(reader);
        }
    }

    private static void closeQuietly(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // nothing left to release for an in-memory document
            }
        }
    }
}
