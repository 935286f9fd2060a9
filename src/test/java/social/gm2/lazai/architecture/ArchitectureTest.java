package social.gm2.lazai.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final String ROOT = "social.gm2.lazai";
  private static final String FIXTURE = ROOT + ".architecture.fixture";

  @Test
  void theServiceFollowsTheMayUseTable() {
    JavaClasses service =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
    assertThat(service).isNotEmpty();

    ArchitectureRules.forRoot(ROOT).forEach(rule -> rule.check(service));
  }

  /** The rules are only worth something if they fail: each fixture breaks one on purpose. */
  @Test
  void eachRuleCatchesABreach() {
    JavaClasses fixtures = new ClassFileImporter().importPackages(FIXTURE);
    List<ArchRule> rules = ArchitectureRules.forRoot(FIXTURE, FIXTURE + ".thirdparty.web3j..");

    assertThat(rules)
        .filteredOn(rule -> rule.evaluate(fixtures).hasViolation())
        .extracting(ArchRule::getDescription)
        .containsExactlyInAnyOrder(
            "crypto uses only [] (and config)",
            "crypto uses only the JDK and Bouncy Castle",
            "storage uses only [] (and config)",
            "web3j is used only in chain and devnet",
            "storage talks HTTP with the JDK client",
            "no package cycles, between features or between a port and its adapters",
            "queue's port imports none of its adapters and no web3j",
            "storage's port imports none of its adapters and no web3j");
  }
}
