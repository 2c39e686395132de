package org.ciers.protocol.xml;

import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.Map;

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
     * Streams once through the document into a {@link CiersDocument}, refusing a DTD, entity
     * references, a root other than {@code <CIERS>}, nesting deeper than any CIERS message has,
     * text beside elements, and anything after the root.
     */
    static CiersDocument read(XMLInputFactory factory, byte[] document) throws MalformedCiersException {
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(document));
            CiersDocument.Builder result = null;
            String child = null;
            String grandChild = null;
            StringBuilder text = new StringBuilder();
            int depth = 0;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD:
                        throw new MalformedCiersException("a DTD is refused");
                    case XMLStreamConstants.ENTITY_REFERENCE:
                        throw new MalformedCiersException("entity references are refused");
                    case XMLStreamConstants.START_ELEMENT:
                        depth++;
                        if (depth > MAX_DEPTH) {
                            throw new MalformedCiersException("nested too deep");
                        }
                        if (depth == 1) {
                            if (result != null || !ROOT.equals(reader.getLocalName())) {
                                throw new MalformedCiersException("the root element must be <CIERS>");
                            }
                            result = new CiersDocument.Builder();
                            for (int i = 0; i < reader.getAttributeCount(); i++) {
                                result.attribute(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
                            }
                        } else if (depth == 2) {
                            if (!text.toString().isBlank()) {
                                throw new MalformedCiersException("text beside the elements of <CIERS>");
                            }
                            child = reader.getLocalName();
                            result.startChild(child, attributes(reader));
                        } else if (depth == 3) {
                            result.nested(child, text.toString());
                            grandChild = reader.getLocalName();
                        } else {
                            result.malformedChild(child);
                        }
                        text.setLength(0);
                        break;
                    case XMLStreamConstants.CHARACTERS:
                    case XMLStreamConstants.CDATA:
                    case XMLStreamConstants.SPACE:
                        text.append(reader.getText());
                        break;
                    case XMLStreamConstants.END_ELEMENT:
                        if (depth == 2) {
                            result.text(child, text.toString());
                        } else if (depth == 3) {
                            result.grandChild(child, grandChild, text.toString());
                        } else if (depth == 1 && !text.toString().isBlank()) {
                            throw new MalformedCiersException("text beside the elements of <CIERS>");
                        }
                        text.setLength(0);
                        depth--;
                        break;
                    default:
                        break;
                }
            }
            if (result == null) {
                throw new MalformedCiersException("no <CIERS> element");
            }
            return result.build();
        } catch (XMLStreamException | RuntimeException e) {
            throw new MalformedCiersException("not well-formed XML", e);
        } finally {
            closeQuietly(reader);
        }
    }

    private static Map<String, String> attributes(XMLStreamReader reader) {
        int count = reader.getAttributeCount();
        if (count == 0) {
            return Map.of();
        }
        Map<String, String> attributes = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            attributes.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
        }
        return attributes;
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
