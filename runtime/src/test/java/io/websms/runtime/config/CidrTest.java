package io.websms.runtime.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "185.45.152.42, 185.45.152.42, true",
            "185.45.152.42, 185.45.152.43, false",
            "3.104.90.0/24, 3.104.90.255, true",
            "3.104.90.0/24, 3.104.91.0, false",
            "1.2.3.4/24, 1.2.3.200, true",
            "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            "0.0.0.0/0, 8.8.8.8, true",
            "0.0.0.0/0, ::1, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "::1, ::1, true",
            "::1, 127.0.0.1, false",
            "fe80::/10, fe80::1234, true",
            "10.0.0.0/8, ::ffff:10.1.2.3, true"})
    void matchesAddressesInItsRange(String range, String address, boolean inside) throws Exception {
        assertEquals(inside, Cidr.parse(range).contains(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.2.3.256|'1.2.3.256' is not an IPv4 or IPv6 address or CIDR range",
            "1.2.3|'1.2.3' is not an IPv4 or IPv6 address or CIDR range",
            "localhost|'localhost' is not an IPv4 or IPv6 address or CIDR range",
            "1.2.3.4/33|'1.2.3.4/33' has a prefix length that is not 0 to 32",
            "1.2.3.4/x|'1.2.3.4/x' has a prefix length that is not 0 to 32",
            "2001:db8::/129|'2001:db8::/129' has a prefix length that is not 0 to 128",
            "2001:db8:::1|'2001:db8:::1' is not an IPv4 or IPv6 address or CIDR range"})
    void refusesWhatIsNoAddressWithoutLookingItUp(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text)).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "185.45.152.42,3.104.90.0/24|3.104.90.7|true",
            "185.45.152.42, 3.104.90.0/24 |185.45.152.42|true",
            "185.45.152.42,3.104.90.0/24|9.9.9.9|false",
            "10.0.0.0/8,2001:db8::/32|2001:db8::5|true"})
    void aListMatchesWhenAnyRangeDoes(String list, String address, boolean inside) throws Exception {
        assertEquals(inside, CidrList.parse(list).contains(InetAddress.getByName(address)));
    }
}
