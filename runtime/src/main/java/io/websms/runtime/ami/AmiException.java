package io.websms.runtime.ami;

import java.io.IOException;

/** Something went wrong talking to the Asterisk Manager Interface. */
public class AmiException extends IOException {

    public AmiException(String message) {
        super(message);
    }

    public AmiException(String message, Throwable cause) {
        super(message, cause);
    }
}
