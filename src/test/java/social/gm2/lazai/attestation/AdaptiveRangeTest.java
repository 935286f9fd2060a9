package social.gm2.lazai.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdaptiveRangeTest {

  @Test
  void halvesOnRefusalAndGrowsBackToTheMaximum() {
    var range = new AdaptiveRange(100, 1000);
    range.grow();
    assertThat(range.size()).isEqualTo(200);
    range.shrink(200);
    assertThat(range.size()).isEqualTo(100);
    range.shrink(100);
    range.shrink(50);
    assertThat(range.size()).isEqualTo(25);
    range.shrink(1);
    assertThat(range.size()).as("never below one block").isEqualTo(1);
  }

  @Test
  void staysBelowARefusedWidthUntilEnoughRangesPassedThenTriesWiderAgain() {
    var range = new AdaptiveRange(64, 1000);
    range.shrink(64);
    for (int i = 0; i < 10; i++) {
      range.grow();
    }
    assertThat(range.size()).as("at most the widest width not refused").isEqualTo(63);
    for (int i = 0; i < AdaptiveRange.RETRY_WIDER_AFTER; i++) {
      range.grow();
    }
    assertThat(range.size()).isGreaterThan(63);
    for (int i = 0; i < 10; i++) {
      range.grow();
    }
    assertThat(range.size()).isEqualTo(1000);
  }
}
