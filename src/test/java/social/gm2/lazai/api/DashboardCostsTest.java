package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.mint.MintBuilder;
import social.gm2.lazai.mint.MintCosts;
import social.gm2.lazai.mint.MintQueries;
import social.gm2.lazai.mint.MintState;

/** The dashboard's cost column: a mint's total in wei, gas and node fees in its title. */
class DashboardCostsTest {
  private static final String SENT = "0x00000000000000000000000000000000000000b1";
  private static final String UNKNOWN = "0x00000000000000000000000000000000000000b2";

  @Test
  void eachMintShowsItsTotalCostAndAnUnknownOneAnEmptyCell() {
    BigInteger gas = new BigInteger("98765432109876543210");
    MintQueries.MintRecord sent = record(SENT, new MintCosts(gas, BigInteger.valueOf(100), 3));
    MintQueries.MintRecord unknown = record(UNKNOWN, null);

    String html =
        new DashboardPage(new ApiProperties(null, null, null))
            .render(
                new DashboardPage.View(
                    Map.of(), List.of(), Map.of(), List.of(sent, unknown), List.of(), Map.of()),
                null,
                false);

    assertThat(html).contains("<th>cost (wei)</th>");
    assertThat(row(html, SENT))
        .contains(
            "<td class=\"cost\" title=\"gas 98765432109876543210 + node fees 100 wei,"
                + " 3 transactions\">98765432109876543310</td>");
    assertThat(row(html, UNKNOWN)).contains("<td class=\"cost\"></td>");
  }

  private static MintQueries.MintRecord record(String token, MintCosts costs) {
    return new MintQueries.MintRecord(
        MintBuilder.mint(token).in(MintState.REWARDED).build(),
        null,
        null,
        null,
        null,
        false,
        List.of(),
        costs);
  }

  private static String row(String html, String token) {
    int start = html.indexOf("<tr data-token=\"" + token + "\"");
    assertThat(start).as("row of %s", token).isNotNegative();
    return html.substring(start, html.indexOf("</tr>", start));
  }
}
