package org.ciers.install;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A James XML configuration file as a DOM, comments and the administrator's elements kept. Elements
 * it adds are indented like their new neighbours. Written back only when an edit changed it, and
 * then as close to the file as it was as a DOM allows (see {@link #content}).
 */
final class XmlFile {
    /** Each element's attribute names as the file wrote them: the DOM keeps attributes sorted by name. */
    private static final String ATTRIBUTE_ORDER = "ciers.attributeOrder";

    private final Path path;
    private final String original;
    private final Document document;
    private boolean changed;

    private XmlFile(Path path, String original, Document document) {
        this.path = path;
        this.original = original;
        this.document = document;
    }

    static XmlFile read(Path path) throws IOException {
        String original = Files.readString(path, StandardCharsets.UTF_8);
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            Document document = factory.newDocumentBuilder().parse(new InputSource(new StringReader(original)));
            recordAttributeOrder(document, original);
            return new XmlFile(path, original, document);
        } catch (ParserConfigurationException | SAXException | XMLStreamException e) {
            throw new IOException(path + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Notes on each element the order its attributes have in the file (elements in document order on both sides). */
    private static void recordAttributeOrder(Document document, String original) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(original));
        NodeList elements = document.getElementsByTagName("*");
        int index = 0;
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamConstants.START_ELEMENT && index < elements.getLength()) {
                List<String> order = new ArrayList<>();
                for (int i = 0; i < reader.getAttributeCount(); i++) {
                    order.add(reader.getAttributeLocalName(i));
                }
                elements.item(index++).setUserData(ATTRIBUTE_ORDER, order, null);
            }
        }
    }

    Path path() {
        return path;
    }

    Element root() {
        return document.getDocumentElement();
    }

    boolean changed() {
        return changed;
    }

    /** The element children of {@code parent} named {@code name}, in order. */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    static Optional<Element> child(Element parent, String name, Predicate<Element> matching) {
        return children(parent, name).stream().filter(matching).findFirst();
    }

    static String text(Element parent, String childName) {
        return child(parent, childName).map(element -> element.getTextContent().trim()).orElse("");
    }

    /** A new element with attributes (in order) and text children, not yet placed. */
    Element element(String name, Map<String, String> attributes, Map<String, String> textChildren) {
        Element element = document.createElement(name);
        attributes.forEach(element::setAttribute);
        element.setUserData(ATTRIBUTE_ORDER, List.copyOf(attributes.keySet()), null);
        textChildren.forEach((childName, text) -> {
            Element child = document.createElement(childName);
            child.setTextContent(text);
            element.appendChild(child);
        });
        return element;
    }

    /** Puts {@code added} before {@code reference}, on a line of its own, indented as the reference is. */
    void insertBefore(Element added, Element reference) {
        Element parent = (Element) reference.getParentNode();
        String indent = indentOf(reference);
        indentChildren(added, indent);
        parent.insertBefore(added, reference);
        parent.insertBefore(document.createTextNode("\n" + indent), reference);
        changed = true;
    }

    /** Puts {@code added} last in {@code parent}, indented as its last element child is (or one step further than the parent). */
    void append(Element parent, Element added) {
        Node lastElement = parent.getLastChild();
        while (lastElement != null && !(lastElement instanceof Element)) {
            lastElement = lastElement.getPreviousSibling();
        }
        String indent = lastElement != null && !indentOf(lastElement).isEmpty() ? indentOf(lastElement) : indentOf(parent) + "    ";
        Node last = parent.getLastChild();
        String closing = "\n" + indentOf(parent);
        if (last != null && last.getNodeType() == Node.TEXT_NODE && last.getTextContent().isBlank()) {
            parent.removeChild(last);
        }
        indentChildren(added, indent);
        parent.appendChild(document.createTextNode("\n" + indent));
        parent.appendChild(added);
        parent.appendChild(document.createTextNode(closing));
        changed = true;
    }

    void setAttribute(Element element, String name, String value) {
        if (!value.equals(element.getAttribute(name))) {
            element.setAttribute(name, value);
            changed = true;
        }
    }

    /** Sets a text child's content, adding the child (last) when there is none. True when that changed anything. */
    boolean setChildText(Element parent, String name, String text, boolean keepExisting) {
        Optional<Element> existing = child(parent, name);
        if (existing.isPresent()) {
            if (keepExisting || existing.get().getTextContent().trim().equals(text)) {
                return false;
            }
            existing.get().setTextContent(text);
            changed = true;
            return true;
        }
        append(parent, element(name, Map.of(), Map.of()));
        child(parent, name).orElseThrow().setTextContent(text);
        return true;
    }

    /**
     * The file with the edits: everything around the root element as the file had it, elements with
     * their attributes in the file's order, so that a diff against the backup shows only the edits.
     */
    String content() {
        Element root = document.getDocumentElement();
        int rootStart = original.indexOf("<" + root.getTagName(), prologEnd());
        int rootEnd = original.lastIndexOf("</" + root.getTagName());
        String epilogue = rootEnd < 0 ? "\n" : original.substring(original.indexOf('>', rootEnd) + 1);
        StringBuilder out = new StringBuilder(original.substring(0, rootStart));
        write(root, out);
        out.append(epilogue);
        return out.charAt(out.length() - 1) == '\n' ? out.toString() : out.append('\n').toString();
    }

    /** Where the comments and processing instructions before the root end. */
    private int prologEnd() {
        int at = 0;
        while (true) {
            int next = original.indexOf('<', at);
            if (original.startsWith("<?", next)) {
                at = original.indexOf("?>", next) + 2;
            } else if (original.startsWith("<!--", next)) {
                at = original.indexOf("-->", next) + 3;
            } else {
                return next;
            }
        }
    }

    private static void write(Node node, StringBuilder out) {
        switch (node.getNodeType()) {
            case Node.ELEMENT_NODE -> {
                Element element = (Element) node;
                out.append('<').append(element.getTagName());
                for (String name : attributeOrder(element)) {
                    out.append(' ').append(name).append("=\"").append(escape(element.getAttribute(name), true)).append('"');
                }
                if (!element.hasChildNodes()) {
                    out.append("/>");
                    return;
                }
                out.append('>');
                for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
                    write(child, out);
                }
                out.append("</").append(element.getTagName()).append('>');
            }
            case Node.TEXT_NODE -> out.append(escape(node.getTextContent(), false));
            case Node.CDATA_SECTION_NODE -> out.append("<![CDATA[").append(node.getTextContent()).append("]]>");
            case Node.COMMENT_NODE -> out.append("<!--").append(node.getTextContent()).append("-->");
            default -> {
                // processing instructions inside a James configuration file: none
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> attributeOrder(Element element) {
        List<String> order = new ArrayList<>((List<String>) Optional.ofNullable(element.getUserData(ATTRIBUTE_ORDER)).orElse(List.of()));
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            String name = attributes.item(i).getNodeName();
            if (!order.contains(name)) {
                order.add(name);
            }
        }
        order.removeIf(name -> !element.hasAttribute(name));
        return order;
    }

    private static String escape(String text, boolean attribute) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append(attribute ? ">" : "&gt;");
                case '"' -> escaped.append(attribute ? "&quot;" : "\"");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String indentOf(Node node) {
        Node before = node.getPreviousSibling();
        if (before != null && before.getNodeType() == Node.TEXT_NODE) {
            String text = before.getTextContent();
            int newline = text.lastIndexOf('\n');
            if (newline >= 0 && text.substring(newline + 1).isBlank()) {
                return text.substring(newline + 1);
            }
        }
        return "";
    }

    private void indentChildren(Element element, String indent) {
        NodeList children = element.getChildNodes();
        List<Node> elements = new ArrayList<>();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element) {
                elements.add(children.item(i));
            }
        }
        if (elements.isEmpty()) {
            return;
        }
        for (Node child : elements) {
            element.insertBefore(document.createTextNode("\n" + indent + "    "), child);
        }
        element.appendChild(document.createTextNode("\n" + indent));
    }
}
