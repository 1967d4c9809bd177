package io.websms.api;

/**
 * Which way a message travels, and so which section of {@code websms.conf} configures it.
 */
public enum Direction {
    /** From Asterisk to the ITSP: section {@code [websms]}. */
    OUTBOUND("websms"),
    /** From the ITSP to Asterisk: section {@code [websmsd]}. */
    INBOUND("websmsd");

    private final String section;

    Direction(String section) {
        this.section = section;
    }

    /** The name of the {@code websms.conf} section that configures this direction, without brackets. */
    public String section() {
        return section;
    }
}
