package social.gm2.lazai.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.config.ConfigurationException;

class AttestationPropertiesTest {

  @Test
  void defaults() {
    var p = new AttestationProperties(null, null, null, null, null, null, null, null, null);
    assertThat(p.enabled()).isTrue();
    assertThat(p.confirmations()).isEqualTo(6);
    assertThat(p.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.initialRange()).isEqualTo(500);
    assertThat(p.maxRange()).isEqualTo(5000);
    assertThat(p.deadline()).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.startBlock()).isNull();
    assertThat(p.importSearchBlocks()).isEqualTo(100_000L);
  }

  @Test
  void impossibleValuesNameTheSetting() {
    assertThatThrownBy(
            () -> new AttestationProperties(null, -1, null, null, null, null, null, null, null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("lazai.attestation.confirmations must be 0 or more, got -1");
    assertThatThrownBy(
            () -> new AttestationProperties(null, null, null, 2000, 1000, null, null, null, null))
        .hasMessageContaining("lazai.attestation.initial-range must be at least 1 and at most");
    assertThatThrownBy(
            () ->
                new AttestationProperties(
                    null, null, Duration.ZERO, null, null, null, null, null, null))
        .hasMessageContaining("lazai.attestation.poll-interval must be positive");
    assertThatThrownBy(
            () ->
                new AttestationProperties(
                    null,
                    null,
                    Duration.ofSeconds(10),
                    null,
                    null,
                    null,
                    Duration.ofSeconds(15),
                    null,
                    null))
        .hasMessageContaining("lazai.attestation.lease-duration must be at least twice");
    assertThatThrownBy(
            () ->
                new AttestationProperties(
                    null, null, null, null, null, Duration.ofMinutes(-1), null, null, null))
        .hasMessageContaining("lazai.attestation.deadline must be positive");
    assertThatThrownBy(
            () -> new AttestationProperties(null, null, null, null, null, null, null, null, -1L))
        .hasMessageContaining("lazai.attestation.import-search-blocks must be 0 or more");
  }
}
