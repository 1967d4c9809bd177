package io.websms.runtime.provider;

/** No provider or auth scheme has the name asked for; the message lists the names there are. */
public final class UnknownNameException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final String known;

    UnknownNameException(String what, String name, String known, String hint) {
        super("No " + what + " is named '" + name + "'. Known: " + known + ". " + hint);
        this.name = name;
        this.known = known;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }

    /** The known names with their origins, comma-separated. */
    public String known() {
        return known;
    }
}
