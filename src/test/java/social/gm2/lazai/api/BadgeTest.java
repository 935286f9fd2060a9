package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BadgeTest {
  private static final String EXPLORER = "https://testnet-explorer.lazai.network";
  private static final String TX = "0x" + "ab".repeat(32);

  @Test
  void anAttestedBadgeLinksToTheAttestationTransaction() throws Exception {
    Badge badge = Badge.of(TX, EXPLORER);

    Document svg = parse(badge.svg());
    assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(
            svg.getElementsByTagName("a")
                .item(0)
                .getAttributes()
                .getNamedItem("href")
                .getNodeValue())
        .isEqualTo(EXPLORER + "/tx/" + TX);
    assertThat(svg.getElementsByTagName("title").item(0).getTextContent())
        .isEqualTo("LazAI: AI-attested");

    JsonNode json = JsonMapper.builder().build().readTree(badge.json());
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.get("label").asString()).isEqualTo("LazAI");
    assertThat(json.get("message").asString()).isEqualTo("AI-attested");
    assertThat(json.get("color").asString()).isEqualTo("green");
    assertThat(json.get("attested").asBoolean()).isTrue();
    assertThat(json.get("txUrl").asString()).isEqualTo(EXPLORER + "/tx/" + TX);
  }

  @Test
  void withoutAnAttestationTheBadgeIsNeutralAndLinksNowhere() throws Exception {
    Badge badge = Badge.of(null, EXPLORER);

    Document svg = parse(badge.svg());
    assertThat(svg.getElementsByTagName("a").getLength()).isZero();
    assertThat(badge.svg()).contains("not attested").contains("#9f9f9f");
    JsonNode json = JsonMapper.builder().build().readTree(badge.json());
    assertThat(json.get("attested").asBoolean()).isFalse();
    assertThat(json.get("txUrl").isNull()).isTrue();
    assertThat(json.get("color").asString()).isEqualTo("lightgrey");
  }

  @Test
  void aHashThatIsNotThirtyTwoBytesOfHexIsNeverRendered() throws Exception {
    Badge badge = Badge.of("0x\"><script>alert(1)</script>", EXPLORER);

    assertThat(badge.attested()).isFalse();
    assertThat(badge.svg()).doesNotContain("script");
    parse(badge.svg());
  }

  @Test
  void anExplorerUrlWithMarkupIsEscapedInBothShapes() throws Exception {
    Badge badge = Badge.of(TX, "https://x.example/?a=1&b=\"<q>\"");

    Document svg = parse(badge.svg());
    assertThat(
            svg.getElementsByTagName("a")
                .item(0)
                .getAttributes()
                .getNamedItem("href")
                .getNodeValue())
        .isEqualTo("https://x.example/?a=1&b=\"<q>\"/tx/" + TX);
    assertThat(badge.svg()).doesNotContain("<q>");
    JsonNode json = JsonMapper.builder().build().readTree(badge.json());
    assertThat(json.get("txUrl").asString()).isEqualTo("https://x.example/?a=1&b=\"<q>\"/tx/" + TX);
  }

  @Test
  void theEtagFollowsTheContent() {
    Badge attested = Badge.of(TX, EXPLORER);
    Badge not = Badge.of(null, EXPLORER);

    assertThat(Badge.etag(attested.svg())).isEqualTo(Badge.etag(Badge.of(TX, EXPLORER).svg()));
    assertThat(Badge.etag(attested.svg())).isNotEqualTo(Badge.etag(not.svg())).startsWith("\"");
  }

  private static Document parse(String xml) throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
