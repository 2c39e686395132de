package org.ciers.protocol.xml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code <CIERS>} element as read by {@link HardenedXml#read}: its attributes, and its children
 * by name (text, or for {@code mx_servers} a list of grandchildren). Every CIERS message fits this
 * flat shape, so there is no general tree to build.
 */
final class CiersDocument {
    private final Map<String, String> attributes;
    private final Map<String, Child> children;

    private CiersDocument(Map<String, String> attributes, Map<String, Child> children) {
        this.attributes = attributes;
        this.children = children;
    }

    Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    boolean has(String child) {
        return children.containsKey(child);
    }

    /** The text of a child that must appear at most once and hold text only. */
    Optional<String> text(String name) throws MalformedCiersException {
        Child child = children.get(name);
        if (child == null) {
            return Optional.empty();
        }
        if (child.count > 1 || child.nested || child.malformed) {
            throw new MalformedCiersException(name + " must appear once, as text");
        }
        return Optional.of(child.text);
    }

    /**
     * Every occurrence of a child that may repeat ({@code message_id} in an auth_to_send answer or a
     * validation_receipts request), in document order, each text only with its attributes.
     */
    List<Occurrence> repeated(String name) throws MalformedCiersException {
        Child child = children.get(name);
        if (child == null) {
            return List.of();
        }
        if (child.nested || child.malformed) {
            throw new MalformedCiersException(name + " must hold text only");
        }
        return List.copyOf(child.occurrences);
    }

    /** One occurrence of a child: its text and its attributes. */
    record Occurrence(String text, Map<String, String> attributes) {
        Optional<String> attribute(String attribute) {
            return Optional.ofNullable(attributes.get(attribute));
        }
    }

    /** The texts of {@code grandChild} elements in {@code name}; empty when {@code name} is absent or empty. */
    List<String> grandChildren(String name, String grandChild) throws MalformedCiersException {
        Child child = children.get(name);
        if (child == null || (!child.nested && child.text.isEmpty() && child.count == 1)) {
            return List.of();
        }
        if (child.count > 1 || child.malformed || !child.nested) {
            throw new MalformedCiersException(name + " holds " + grandChild + " elements");
        }
        List<String> result = new ArrayList<>();
        for (String[] nested : child.grandChildren) {
            if (nested[0].equals(grandChild)) {
                result.add(nested[1]);
            }
        }
        if (result.isEmpty()) {
            throw new MalformedCiersException(name + " holds " + grandChild + " elements");
        }
        return result;
    }

    private static final class Child {
        private int count;
        private String text = "";
        private boolean nested;
        private boolean malformed;
        private final List<String[]> grandChildren = new ArrayList<>(2);
        private final List<Occurrence> occurrences = new ArrayList<>(1);
        private Map<String, String> pendingAttributes = Map.of();
    }

    static final class Builder {
        private final Map<String, String> attributes = new HashMap<>(4);
        private final Map<String, Child> children = new HashMap<>(8);

        void attribute(String name, String value) {
            attributes.put(name, value);
        }

        void startChild(String name, Map<String, String> attributes) {
            Child child = children.computeIfAbsent(name, any -> new Child());
            child.count++;
            child.pendingAttributes = attributes;
        }

        void nested(String name, String textBefore) {
            Child child = children.get(name);
            child.nested = true;
            if (!textBefore.isBlank()) {
                child.malformed = true;
            }
        }

        void malformedChild(String name) {
            children.get(name).malformed = true;
        }

        void text(String name, String text) {
            Child child = children.get(name);
            if (child.nested) {
                if (!text.isBlank()) {
                    child.malformed = true;
                }
            } else {
                child.text = text;
                child.occurrences.add(new Occurrence(text, child.pendingAttributes));
            }
        }

        void grandChild(String name, String grandChild, String text) {
            children.get(name).grandChildren.add(new String[] {grandChild, text});
        }

        CiersDocument build() {
            return new CiersDocument(attributes, children);
        }
    }
}
