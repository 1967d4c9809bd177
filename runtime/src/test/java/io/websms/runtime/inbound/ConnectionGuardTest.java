package io.websms.runtime.inbound;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** What one client is, for the per-client connection cap. */
class ConnectionGuardTest {

    @Test
    void anIpv6HostIsItsSlash64AndAnIpv4HostItsAddress() throws Exception {
        // One host picks addresses from its whole /64: counting each address would make the cap no cap.
        assertEquals(ConnectionGuard.client(InetAddress.getByName("2001:db8:1:2::1")), ConnectionGuard.client(InetAddress.getByName("2001:db8:1:2:ffff:1:2:3")));
        assertNotEquals(ConnectionGuard.client(InetAddress.getByName("2001:db8:1:2::1")), ConnectionGuard.client(InetAddress.getByName("2001:db8:1:3::1")));
        assertEquals(InetAddress.getByName("192.0.2.7"), ConnectionGuard.client(InetAddress.getByName("192.0.2.7")));
        assertNotEquals(ConnectionGuard.client(InetAddress.getByName("192.0.2.7")), ConnectionGuard.client(InetAddress.getByName("192.0.2.8")));
    }
}
