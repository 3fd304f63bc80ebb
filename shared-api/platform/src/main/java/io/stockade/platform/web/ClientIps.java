package io.stockade.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address. {@code X-Forwarded-For} is believed only when the request comes from a
 * configured trusted proxy, and then only as far back as the chain stays inside trusted proxies: the
 * right-most address that is not a trusted proxy is the client. Anyone else could write any address
 * there and dodge per-address limits.
 */
public final class ClientIps {
    private final List<Range> trusted;

    public ClientIps(List<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String p : trustedProxies) {
            ranges.add(Range.parse(p.strip()));
        }
        this.trusted = List.copyOf(ranges);
    }

    public String resolve(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (trusted.isEmpty() || !isTrusted(remote)) {
            return remote;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!isLiteralAddress(hop)) {
                return remote;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].strip();
    }

    boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        for (Range r : trusted) {
            if (r.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLiteralAddress(String s) {
        return literal(s) != null;
    }

    /** Parses an IPv4 or IPv6 literal without ever resolving a name. */
    static byte[] literal(String s) {
        // Only shapes InetAddress parses without a name look-up: dotted quads, or anything with a colon (IPv6).
        boolean v4 = s != null && s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s != null && s.length() <= 45 && s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    record Range(byte[] network, int bits) {
        static Range parse(String spec) {
            String[] parts = spec.split("/", 2);
            byte[] net = literal(parts[0]);
            if (net == null) {
                throw new IllegalArgumentException("not an address or CIDR range: " + spec);
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
            if (bits < 0 || bits > net.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + spec);
            }
            return new Range(net, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            BigInteger mask = bits == 0
                    ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(network.length * 8 - bits);
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
