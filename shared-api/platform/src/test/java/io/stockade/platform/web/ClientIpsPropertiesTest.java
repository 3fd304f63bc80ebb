package io.stockade.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.springframework.mock.web.MockHttpServletRequest;

/** Whatever a client writes into X-Forwarded-For, the resolved address is the peer or an address literal from it. */
class ClientIpsPropertiesTest {
    private final ClientIps ips = new ClientIps(List.of("10.0.0.0/8", "fd00::/8"));

    @Property(tries = 1000)
    void resolvesToThePeerOrALiteralFromTheHeader(@ForAll String forwarded) {
        MockHttpServletRequest r = new MockHttpServletRequest();
        r.setRemoteAddr("10.1.2.3");
        r.addHeader("X-Forwarded-For", forwarded);
        String resolved = ips.resolve(r);
        assertThat(resolved.equals("10.1.2.3")
                        || (ClientIps.isLiteralAddress(resolved) && forwarded.contains(resolved)))
                .isTrue();
    }

    @Property(tries = 300)
    void neverBelievesAnUntrustedPeer(@ForAll String forwarded) {
        MockHttpServletRequest r = new MockHttpServletRequest();
        r.setRemoteAddr("203.0.113.50");
        r.addHeader("X-Forwarded-For", forwarded);
        assertThat(ips.resolve(r)).isEqualTo("203.0.113.50");
    }
}
