package vn.thidua.security;

import jakarta.servlet.http.HttpServletRequest;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * The address a request comes from, as the key of per-address limits: the remote address (behind a reverse proxy, the
 * client's only when the server is told to trust its forwarded headers, {@code server.forward-headers-strategy}); an
 * IPv6 address by its /64 network, since one host usually holds a whole /64.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpServletRequest request) {
        return of(request.getRemoteAddr());
    }

    static String of(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isEmpty()) {
            return "?";
        }
        if (remoteAddress.indexOf(':') < 0) {
            return remoteAddress;
        }
        try {
            // a literal address is parsed, never looked up
            if (InetAddress.getByName(remoteAddress) instanceof Inet6Address v6) {
                byte[] network = new byte[8];
                System.arraycopy(v6.getAddress(), 0, network, 0, 8);
                return HexFormat.of().formatHex(network) + "/64";
            }
            return remoteAddress;
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }
}
