package social.gm2.lazai.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Health details are shown by default only when the actuator has a port of its own. */
class ManagementPortDefaultsTest {

  @Test
  void aPortOfItsOwnIsOneOtherThanTheServicesOrARandomOne() {
    assertThat(ManagementPortDefaults.separate(null, "3003")).isFalse();
    assertThat(ManagementPortDefaults.separate("", "3003")).isFalse();
    assertThat(ManagementPortDefaults.separate("-1", "3003")).isFalse();
    assertThat(ManagementPortDefaults.separate("3003", "3003")).isFalse();
    assertThat(ManagementPortDefaults.separate("9090", "3003")).isTrue();
    assertThat(ManagementPortDefaults.separate("0", "0")).isTrue();
  }

  @Test
  void detailsAreADefaultThatAnySettingOverrides() {
    MockEnvironment separate =
        new MockEnvironment()
            .withProperty("server.port", "3003")
            .withProperty("management.server.port", "9090");
    new ManagementPortDefaults().postProcessEnvironment(separate, null);
    assertThat(separate.getProperty("management.endpoint.health.show-details")).isEqualTo("always");

    MockEnvironment chosen =
        new MockEnvironment()
            .withProperty("management.server.port", "9090")
            .withProperty("management.endpoint.health.show-details", "never");
    new ManagementPortDefaults().postProcessEnvironment(chosen, null);
    assertThat(chosen.getProperty("management.endpoint.health.show-details")).isEqualTo("never");

    MockEnvironment shared = new MockEnvironment().withProperty("server.port", "3003");
    new ManagementPortDefaults().postProcessEnvironment(shared, null);
    assertThat(shared.getProperty("management.endpoint.health.show-details")).isNull();
  }
}
