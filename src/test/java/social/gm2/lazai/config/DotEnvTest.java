package social.gm2.lazai.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotEnvTest {

  @Test
  void readsTheOriginalServicesFile() {
    String file =
        """
        # database
        MASTER_DB={"host":"db","port":3306,"username":"app","password":"p#w","database":"gm2"}
        SLAVES_DB='[{"host":"r1","port":3306,"username":"app","password":"x","database":"gm2"}]'
        export APP_ENV=production
        PORT = 3003   # the original's port
        IPFS_JWT="a.b.c"
        EMPTY=
        """;

    var vars = DotEnv.parse(file);

    assertThat(vars)
        .containsEntry(
            "MASTER_DB",
            "{\"host\":\"db\",\"port\":3306,\"username\":\"app\",\"password\":\"p#w\",\"database\":\"gm2\"}")
        .containsEntry(
            "SLAVES_DB",
            "[{\"host\":\"r1\",\"port\":3306,\"username\":\"app\",\"password\":\"x\",\"database\":\"gm2\"}]")
        .containsEntry("APP_ENV", "production")
        .containsEntry("PORT", "3003")
        .containsEntry("IPFS_JWT", "a.b.c")
        .containsEntry("EMPTY", "")
        .hasSize(6);
  }

  @Test
  void quotesKeepWhatIsInsideAndMaySpanLines() {
    var vars =
        DotEnv.parse(
            "A=\"line1\\nline2\"\nB='no \\n expansion'\nC=\"multi\nline\"\nD=`tick # kept`\nE=x\n");

    assertThat(vars)
        .containsEntry("A", "line1\nline2")
        .containsEntry("B", "no \\n expansion")
        .containsEntry("C", "multi\nline")
        .containsEntry("D", "tick # kept")
        .containsEntry("E", "x");
  }

  @Test
  void ignoresCommentsAndNonAssignmentsAndLetsLaterKeysWin() {
    var vars = DotEnv.parse("# X=1\nnot an assignment\nX=1\r\nX=2\r\n  Y = spaced value  \n");

    assertThat(vars).containsEntry("X", "2").containsEntry("Y", "spaced value").hasSize(2);
  }

  @Test
  void aMissingFileIsEmpty(@TempDir Path dir) throws Exception {
    assertThat(DotEnv.read(dir.resolve(".env"))).isEmpty();

    Files.writeString(dir.resolve(".env"), "K=v\n");
    assertThat(DotEnv.read(dir.resolve(".env"))).containsEntry("K", "v");
  }
}
