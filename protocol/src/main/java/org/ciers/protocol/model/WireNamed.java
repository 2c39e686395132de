package org.ciers.protocol.model;

import java.util.Optional;

/** An enum whose constants are spelled on the wire by a name of their own (e.g. {@code not_spam}). */
public interface WireNamed {
    String wireName();

    /** The constant of {@code type} spelled {@code value}; empty when none is. */
    static <E extends Enum<E> & WireNamed> Optional<E> fromWire(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(value)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
