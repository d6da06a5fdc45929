package dev.vigil.threats.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LookAlikesTest {

    @Test
    void namesThatImitateADomainAreRecognisedAndItsOwnHostsAreNot() {
        for (String phish : new String[] {"examp1e.com", "exarnple.com", "exmaple.com", "exampl.com", "examplle.com", "example.net",
                "login.example.net", "example-login.com", "secure-example.com", "*.examp1e.com", "ex-ample.com"}) {
            assertThat(LookAlikes.resembles(phish, "example.com")).as(phish).isTrue();
        }
        for (String fine : new String[] {"example.com", "www.example.com", "mail.shop.example.com", "samples.com", "exemplary.org",
                "google.com", "example.community.net"}) {
            assertThat(LookAlikes.resembles(fine, "example.com")).as(fine).isFalse();
        }
        assertThat(LookAlikes.resembles("acne.io", "acme.io")).as("short names: too many neighbours to call it").isFalse();
    }

    @Test
    void candidatesAreBoundedDistinctAndNeverTheDomainItself() {
        var c = LookAlikes.candidates("example.com");
        assertThat(c).doesNotContain("example.com").contains("example.net", "examp1e.com", "exarnple.com", "exmaple.com",
                "example-login.com").doesNotHaveDuplicates().hasSizeLessThan(120);
        assertThat(c).allSatisfy(d -> assertThat(LookAlikes.resembles(d, "example.com")).as(d).isTrue());
    }

    @Test
    void distanceCountsASwapAsOneEdit() {
        assertThat(LookAlikes.distance("example", "exmaple")).isEqualTo(1);
        assertThat(LookAlikes.distance("example", "exampel")).isEqualTo(1);
        assertThat(LookAlikes.distance("example", "sample")).isEqualTo(2);
    }
}
