package io.websms.runtime.daemon;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * A configured listener that cannot listen: which one, on which address, and why, in one line. The daemon does not
 * start without it (a webhook port that silently stays closed loses every incoming SMS).
 */
public final class ListenException extends IOException {

    private static final long serialVersionUID = 1L;
    private final boolean mayPass;

    /**
     * @param what    the listener and the key that sets it
     * @param mayPass true when trying again later may work (the address is in use), false when the configuration
     *                or the system must change (no permission, no such address)
     */
    public ListenException(String what, InetSocketAddress address, String reason, boolean mayPass) {
        super("the " + what + " cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + reason);
        this.mayPass = mayPass;
    }

    /** True when the address may be free later (in use now); false when the configuration or the system must change. */
    public boolean mayPass() {
        return mayPass;
    }

    /**
     * Binds {@code address} once and lets it go, to learn before anything starts whether it can be bound, and why
     * not: Helidon only logs a failed bind. A port of 0 (any free port) is not probed.
     */
    static void probe(String what, InetSocketAddress address) throws ListenException {
        if (address.getPort() == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (BindException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("in use")) {
                throw new ListenException(what, address, "the address is in use by another program (stop it, or choose another port)", true);
            }
            if (message.contains("Permission denied")) {
                throw new ListenException(what, address, "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE; choose a port from 1024 up)", false);
            }
            throw new ListenException(what, address, message + " (is the address one of this host's?)", false);
        } catch (IOException e) {
            throw new ListenException(what, address, String.valueOf(e.getMessage()), false);
        }
    }
}
