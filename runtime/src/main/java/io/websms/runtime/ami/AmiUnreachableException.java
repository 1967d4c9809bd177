package io.websms.runtime.ami;

/** No AMI session could be opened or kept: nothing listens there, the network fails, or it is no AMI. */
public final class AmiUnreachableException extends AmiException {

    public AmiUnreachableException(String address, String reason) {
        super("cannot reach the AMI at " + address + ": " + reason);
    }

    public AmiUnreachableException(String address, String reason, Throwable cause) {
        super("cannot reach the AMI at " + address + ": " + reason, cause);
    }
}
