package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The public list, the Basic paths and the strict path rule, on their own. */
class AccessRulesTest {
  private static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  @ParameterizedTest
  @CsvSource({
    "GET, /api/v1/mints/" + TOKEN + ", true",
    "HEAD, /api/v1/mints/" + TOKEN + ", true",
    "POST, /api/v1/mints/" + TOKEN + ", false",
    "GET, /api/v1/mints/" + TOKEN + "/, false",
    "GET, /api/v1/mints, false",
    "GET, /api/v1/mints/, false",
    "POST, /api/v1/mints/" + TOKEN + "/retry, false",
    "POST, /api/v1/mints/" + TOKEN + "/permission, false",
    "GET, /api/v1/mints/" + TOKEN + "/permission, false",
    "GET, /api/v1/tokens/" + TOKEN + "/badge.svg, true",
    "GET, /api/v1/tokens/" + TOKEN + "/badge.json, true",
    "GET, /api/v1/tokens/" + TOKEN + "/badge.png, false",
    "GET, /api/v1/queues, false",
    "GET, /actuator/health, true",
    "GET, /actuator/health/readiness, true",
    "GET, /healthz, true",
    "GET, /actuator/prometheus, false",
    "GET, /actuator/info, false",
    "GET, /ipfs/bafkreigdn5lvczpsndj5abb2bvmdo6sbpzg2ermbmm4j7kgvqvl25zuaje, true",
    "GET, /ipfs/a/b, false",
    "GET, /v3/api-docs, true",
    "GET, /v3/api-docs/swagger-config, true",
    "GET, /swagger-ui.html, true",
    "GET, /swagger-ui/index.html, true",
    "OPTIONS, /api/v1/mints/" + TOKEN + ", false",
    "GET, /dashboard, false",
    "GET, /DASHBOARD, false",
    "GET, /, false",
    "GET, /error, false"
  })
  void onlyTheListedReadsArePublic(String method, String path, boolean open) {
    assertThat(AccessRules.isPublic(method, path)).as(method + " " + path).isEqualTo(open);
  }

  @ParameterizedTest
  @CsvSource({
    "/dashboard, true",
    "/dashboard/mints, true",
    "/dashboard/mints/" + TOKEN + "/retry, true",
    "/admin/queues, true",
    "/admin/queues/api/queues, true",
    "/api/v1/queues, false",
    "/dashboardx, false",
    "/api/v1/mints, false"
  })
  void basicIsTakenOnTheBrowserUisOnly(String path, boolean basic) {
    assertThat(AccessRules.isBasicPath(path)).as(path).isEqualTo(basic);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1;/mints",
        "/api/v1/mints;jsessionid=x",
        "/api%2Fv1/mints",
        "/api/v%31/mints",
        "/%64ashboard",
        "/api//v1",
        "//api",
        "/api/./v1",
        "/api/../v1",
        "/api/v1/.",
        "/api\\\\v1",
        "/api/v1 /mints",
        "/api/v1/mints\\u00e9",
        "/api/v1/\\u0000",
        "api/v1",
        ""
      })
  void pathsWithTwoReadingsAreNotPlain(String path) {
    String unescaped =
        path.replace("\\\\", "\\").replace("\\u00e9", "\u00e9").replace("\\u0000", "\0");
    assertThat(StrictPathFilter.clean(unescaped)).as(path).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/api/v1/mints", "/dashboard/", "/v3/api-docs/swagger-config"})
  void plainPathsPass(String path) {
    assertThat(StrictPathFilter.clean(path)).isTrue();
  }
}
