package io.websms.runtime.ami;

/** Asterisk answered the login with an error: the user or secret is wrong, or manager.conf does not allow this host. */
public final class AmiAuthenticationException extends AmiException {

    public AmiAuthenticationException(String user, String address, String answer) {
        super("authentication failed for user " + user + " at " + address + ": check ami_user / ami_secret and manager.conf"
                + (answer == null || answer.isEmpty() ? "" : " (Asterisk said: " + answer + ")"));
    }
}
