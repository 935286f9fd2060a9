package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintBuilder;
import social.gm2.lazai.mint.MintQueries;
import social.gm2.lazai.mint.MintState;

/** The mints table's query parameters, its pager, its error column and its transaction links. */
class MintsTableTest {
  private static final String TOKEN = "0x" + "ab".repeat(20);
  private static final String HASH = "0x" + "1f".repeat(32);

  @Test
  void theQueryIsReadFromThePageParametersAndBadOnesAreNamed() {
    assertThat(MintsTable.Query.parse(null, "", null, null, 100))
        .isEqualTo(new MintsTable.Query(null, null, 0, 50));
    assertThat(MintsTable.Query.parse("attested", " 0xAB12 ", "3", "20", 100))
        .isEqualTo(new MintsTable.Query(MintState.ATTESTED, "0xab12", 3, 20));
    assertThat(MintsTable.Query.parse(null, null, null, null, 10).size()).isEqualTo(10);
    assertThatThrownBy(() -> MintsTable.Query.parse(null, "abc", null, null, 100))
        .hasMessageContaining("token must be 0x and up to 40 hex digits");
    assertThatThrownBy(() -> MintsTable.Query.parse(null, "0x" + "a".repeat(41), null, null, 100))
        .hasMessageContaining("token must be");
    assertThatThrownBy(() -> MintsTable.Query.parse(null, "0x%", null, null, 100))
        .hasMessageContaining("token must be");
    assertThatThrownBy(() -> MintsTable.Query.parse("MINTED", null, null, null, 100))
        .hasMessageContaining("state must be one of [ACCEPTED");
    assertThatThrownBy(() -> MintsTable.Query.parse(null, null, "-1", null, 100))
        .hasMessageContaining("page must be a whole number from 0");
    assertThatThrownBy(() -> MintsTable.Query.parse(null, null, "x", null, 100))
        .hasMessageContaining("page must be");
    assertThatThrownBy(() -> MintsTable.Query.parse(null, null, null, "101", 100))
        .hasMessageContaining("size must be a whole number from 1 to 100");
    assertThatThrownBy(() -> MintsTable.Query.parse(null, null, null, "0", 100))
        .hasMessageContaining("size must be");
  }

  @Test
  void pageLinksKeepTheFilter() {
    var query = new MintsTable.Query(MintState.FAILED, "0xab", 1, 10);
    assertThat(query.href(2)).isEqualTo("/dashboard?page=2&size=10&state=FAILED&token=0xab");
    StringBuilder out = new StringBuilder();
    new MintsTable(new ApiProperties(null, null, null), out)
        .render(query, new MintQueries.Page(List.of(), 35));
    assertThat(out)
        .contains("data-total=\"35\" data-page=\"1\" data-pages=\"4\"")
        .contains("Page 2 of 4 (35 mints)")
        .contains("href=\"/dashboard?page=0&amp;size=10&amp;state=FAILED&amp;token=0xab\"")
        .contains("id=\"next\" href=\"/dashboard?page=2&amp;")
        .contains("value=\"0xab\"")
        .contains("<option selected>FAILED</option>");
    StringBuilder last = new StringBuilder();
    new MintsTable(new ApiProperties(null, null, null), last)
        .render(new MintsTable.Query(null, null, 3, 10), new MintQueries.Page(List.of(), 35));
    assertThat(last).contains("id=\"prev\"").doesNotContain("id=\"next\"");
  }

  @Test
  void aMintedMintShowsHowManyRetriesItTookNotItsStaleError() {
    Mint recovered =
        MintBuilder.mint(TOKEN)
            .in(MintState.ATTESTED)
            .withAttempts(3)
            .withLastError("RPC timeout")
            .build();
    assertThat(MintsTable.error(recovered))
        .contains("recovered after 3 retries")
        .doesNotContain("RPC");
    Mint once = MintBuilder.mint(TOKEN).in(MintState.REWARDED).withAttempts(1).build();
    assertThat(MintsTable.error(once)).contains("recovered after 1 retry<");
    Mint clean = MintBuilder.mint(TOKEN).in(MintState.ATTESTED).build();
    assertThat(MintsTable.error(clean)).isEmpty();
    Mint waiting =
        MintBuilder.mint(TOKEN)
            .in(MintState.REGISTERED)
            .withAttempts(2)
            .withLastError("node <5xx>")
            .build();
    assertThat(MintsTable.error(waiting)).isEqualTo("node &lt;5xx&gt;");
  }

  @Test
  void transactionsLinkToTheExplorerOrWithoutOneToTheServicesOwnView() {
    MintQueries.MintRecord record =
        new MintQueries.MintRecord(
            MintBuilder.mint(TOKEN).in(MintState.REGISTERED).withRegisterTxHash(HASH).build(),
            null,
            null,
            null,
            null,
            false,
            List.of(),
            null);
    StringBuilder explorer = new StringBuilder();
    new MintsTable(new ApiProperties(null, "https://explorer.example", null), explorer)
        .render(MintsTable.Query.DEFAULT, new MintQueries.Page(List.of(record), 1));
    assertThat(explorer)
        .contains("href=\"https://explorer.example/tx/" + HASH + "\" target=\"_blank\"");
    StringBuilder none = new StringBuilder();
    new MintsTable(new ApiProperties(null, "none", null), none)
        .render(MintsTable.Query.DEFAULT, new MintQueries.Page(List.of(record), 1));
    assertThat(none)
        .contains("<a class=\"tx\" href=\"/dashboard/tx/" + HASH + "\">register</a>")
        .doesNotContain("explorer")
        .doesNotContain("target=");
  }
}
