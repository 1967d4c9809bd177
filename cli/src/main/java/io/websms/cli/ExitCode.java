package io.websms.cli;

/**
 * The exit statuses of the {@code websms} command, from {@code sysexits.h} so that scripts can tell failures apart.
 */
public enum ExitCode {
    /** Done: the configuration is usable, or the ITSP accepted the message. */
    OK(0),
    /** The command line is wrong (unknown command, missing argument). */
    USAGE(64),
    /** The message cannot be sent as it is (a bad number, an empty text). */
    DATA(65),
    /** The ITSP refused the message for good. */
    REJECTED(69),
    /** The message did not go through but may later (no connection, timeout, 429, 5xx). */
    TEMPORARY_FAILURE(75),
    /** websmsd: something it needs is unavailable now but may be later (its listen address is in use). */
    UNAVAILABLE(69),
    /** The configuration is unusable. */
    CONFIG(78);

    private final int status;

    ExitCode(int status) {
        this.status = status;
    }

    /** The process exit status. */
    public int status() {
        return status;
    }
}
