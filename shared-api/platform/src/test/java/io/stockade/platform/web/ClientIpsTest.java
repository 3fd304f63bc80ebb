package io.stockade.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** X-Forwarded-For is believed only from trusted proxies, and then only up to the first untrusted hop. */
class ClientIpsTest {

    private static MockHttpServletRequest request(String remote, String forwarded) {
        MockHttpServletRequest r = new MockHttpServletRequest();
        r.setRemoteAddr(remote);
        if (forwarded != null) {
            r.addHeader("X-Forwarded-For", forwarded);
        }
        return r;
    }

    @Test
    void shouldIgnoreTheHeaderFromAnUntrustedPeer() {
        ClientIps ips = new ClientIps(List.of("10.0.0.0/8"));
        assertThat(ips.resolve(request("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
        assertThat(new ClientIps(List.of()).resolve(request("10.0.0.5", "1.2.3.4")))
                .isEqualTo("10.0.0.5");
    }

    @Test
    void shouldTakeTheRightMostUntrustedHopBehindTrustedProxies() {
        ClientIps ips = new ClientIps(List.of("10.0.0.0/8", "192.168.1.1"));
        assertThat(ips.resolve(request("10.0.0.5", "6.6.6.6, 198.51.100.7, 192.168.1.1")))
                .isEqualTo("198.51.100.7");
        assertThat(ips.resolve(request("10.0.0.5", "198.51.100.7"))).isEqualTo("198.51.100.7");
    }

    @Test
    void shouldFallBackToThePeerOnGarbageAndNeverResolveNames() {
        ClientIps ips = new ClientIps(List.of("10.0.0.0/8"));
        assertThat(ips.resolve(request("10.0.0.5", "evil.example.com"))).isEqualTo("10.0.0.5");
        assertThat(ips.resolve(request("10.0.0.5", "abc.def"))).isEqualTo("10.0.0.5");
        assertThat(ips.resolve(request("10.0.0.5", "' OR 1=1 --"))).isEqualTo("10.0.0.5");
        assertThat(ips.resolve(request("10.0.0.5", ""))).isEqualTo("10.0.0.5");
    }

    @Test
    void shouldUnderstandIpv6Ranges() {
        ClientIps ips = new ClientIps(List.of("fd00::/8"));
        assertThat(ips.resolve(request("fd12::1", "2001:db8::7"))).isEqualTo("2001:db8::7");
        assertThat(ips.resolve(request("2001:db8::1", "2001:db8::7"))).isEqualTo("2001:db8::1");
    }
}
