package vn.thidua.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTest {

    @Test
    void an_ipv4_address_is_itself() {
        assertThat(ClientAddress.of("203.113.1.7")).isEqualTo("203.113.1.7");
    }

    @Test
    void the_addresses_of_one_ipv6_network_are_one_client() {
        assertThat(ClientAddress.of("2001:db8:1:2:aaaa::1")).isEqualTo(ClientAddress.of("2001:0db8:0001:0002:ffff:1:2:3"))
                .isEqualTo("20010db800010002/64");
        assertThat(ClientAddress.of("2001:db8:1:3::1")).isNotEqualTo(ClientAddress.of("2001:db8:1:2::1"));
        assertThat(ClientAddress.of("::1")).isEqualTo("0000000000000000/64");
    }
}
