package dev.jobcache.bootstrap;

import dev.jobcache.bootstrap.config.UnusableSetting;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;

/** Why the HTTP listener could not be opened, said of the setting to change. */
final class ListenFailure {

    private static final int PROBE_TIMEOUT_MS = 1000;
    private static final int FIRST_UNPRIVILEGED_PORT = 1024;

    private ListenFailure() {
    }

    /**
     * A {@link BindException} is the same for a port another process holds, an address this machine does not have and
     * a port below 1024 without the privilege, and its message is in the system's language; so the cases are told
     * apart by what can be checked: whether the address is this machine's, and whether anything answers on the port.
     */
    static UnusableSetting explain(String host, int port, IOException failure) {
        String where = "HTTP_HOST=" + host;
        if (failure instanceof BindException) {
            if (!isThisMachines(host)) {
                return new UnusableSetting("HTTP_HOST", host, "not an address of this machine ("
                        + failure.getMessage() + ")", failure);
            }
            if (port > 0 && port < FIRST_UNPRIVILEGED_PORT && !anyoneListens(host, port)) {
                return new UnusableSetting("HTTP_PORT", Integer.toString(port), "listening on a port below "
                        + FIRST_UNPRIVILEGED_PORT + " needs a privilege this process does not have ("
                        + failure.getMessage() + ")", failure);
            }
            return new UnusableSetting("HTTP_PORT", Integer.toString(port), "already in use on " + where
                    + "; stop the process that listens there or choose another port", failure);
        }
        return new UnusableSetting("HTTP_PORT", Integer.toString(port), "cannot listen on " + where + " ("
                + failure + ")", failure);
    }

    private static boolean isThisMachines(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            // cannot tell: the port is the likelier culprit
            return true;
        }
    }

    private static boolean anyoneListens(String host, int port) {
        try (Socket socket = new Socket()) {
            InetAddress address = InetAddress.getByName(host);
            InetAddress target = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
            socket.connect(new InetSocketAddress(target, port), PROBE_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
