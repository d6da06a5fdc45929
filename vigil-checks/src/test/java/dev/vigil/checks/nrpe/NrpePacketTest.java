package dev.vigil.checks.nrpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NrpePacketTest {
    @Test
    void aVersion2PacketIs1036BytesWithItsChecksumAndReadsBack() throws Exception {
        byte[] b = NrpePacket.query(2, "check_load!1!2").encode();
        assertThat(b).hasSize(1036);
        assertThat(ByteBuffer.wrap(b).getShort(0)).isEqualTo((short) 2);
        NrpePacket back = NrpePacket.read(new ByteArrayInputStream(b));
        assertThat(back.text()).isEqualTo("check_load!1!2");
        assertThat(back.type()).isEqualTo(NrpePacket.QUERY);
    }

    @Test
    void aVersion4PacketCarriesItsLengthAndReadsBack() throws Exception {
        byte[] b = new NrpePacket(4, NrpePacket.RESPONSE, 1, "LOAD WARNING - load average: 1.0|load1=1.0").encode();
        assertThat(b).hasSize(16 + "LOAD WARNING - load average: 1.0|load1=1.0".length() + 1);
        NrpePacket back = NrpePacket.read(new ByteArrayInputStream(b));
        assertThat(back.resultCode()).isEqualTo(1);
        assertThat(back.text()).startsWith("LOAD WARNING");
    }

    @Test
    void aDamagedOrAbsurdAnswerIsRefused() {
        byte[] b = new NrpePacket(4, NrpePacket.RESPONSE, 0, "OK").encode();
        b[b.length - 2] ^= 1;
        assertThatThrownBy(() -> NrpePacket.read(new ByteArrayInputStream(b))).isInstanceOf(IOException.class).hasMessageContaining("checksum");
        byte[] huge = new NrpePacket(4, NrpePacket.RESPONSE, 0, "OK").encode();
        ByteBuffer.wrap(huge).putInt(12, 1 << 30);
        assertThatThrownBy(() -> NrpePacket.read(new ByteArrayInputStream(huge))).hasMessageContaining("buffer of");
        assertThatThrownBy(() -> NrpePacket.read(new ByteArrayInputStream("HTTP/1.1 400".getBytes()))).hasMessageContaining("not an NRPE answer");
    }
}
