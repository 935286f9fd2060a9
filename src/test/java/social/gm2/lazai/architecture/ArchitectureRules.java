package social.gm2.lazai.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "may use" column of docs/architecture.md as ArchUnit rules, for any root package so that a
 * test can prove on deliberately bad fixtures that each rule catches what it should.
 *
 * <p>One amendment to the table: {@code config}'s value types ({@code Secret}, {@code Setting}) may
 * be used by every feature but {@code crypto}, because each feature validates its own properties
 * record with them.
 *
 * <p>{@code signer} (the service wallet: the {@code Signer} port and its plain-key, keystore and
 * Web3Signer adapters) uses {@code crypto}; {@code chain} signs its transactions and {@code mint}
 * derives its passwords through it; {@code signer.factory} is the one place that chooses an
 * adapter.
 *
 * <p>{@code webhook} (the signed webhook outbox and its dispatcher) listens to {@code mint}'s moves
 * through {@code mint.MintMoveListener} and checks subscriber URLs with {@code chain}'s URL policy;
 * {@code mint} knows nothing of it; {@code api} lists its deliveries. {@code tracing} configures
 * the OpenTelemetry export from the {@code OTEL_*} variables; the features trace through
 * Micrometer's Observation API, never the OpenTelemetry SDK.
 *
 * <p>{@code inference} (chat completions from LazAI inference nodes, paid through the settlement
 * headers) signs through {@code signer}, uses {@code crypto}'s addresses and Keccak, and reaches
 * the Inference and Settlement contracts through {@code chain}'s {@code InferenceChain} port (its
 * web3j adapter lives in {@code chain.web3j}); {@code api} serves it and shows its fees. It knows
 * nothing of {@code mint}: the API passes it the token's file id.
 */
final class ArchitectureRules {

  /** Feature → the features it may use (besides itself and {@code config}). */
  static final Map<String, Set<String>> MAY_USE = mayUse();

  private static Map<String, Set<String>> mayUse() {
    Map<String, Set<String>> table = new LinkedHashMap<>();
    table.put("api", Set.of("mint", "attestation", "queue", "webhook", "inference"));
    table.put("mint", Set.of("crypto", "storage", "chain", "queue", "attestation", "signer"));
    table.put("queue", Set.of());
    table.put("chain", Set.of("signer"));
    table.put("signer", Set.of("crypto"));
    table.put("storage", Set.of());
    table.put("crypto", Set.of());
    table.put("attestation", Set.of("chain"));
    table.put("config", Set.of());
    table.put("webhook", Set.of("mint", "chain"));
    table.put("tracing", Set.of());
    table.put("inference", Set.of("signer", "crypto", "chain"));
    return table;
  }

  private ArchitectureRules() {}

  static List<ArchRule> forRoot(String root) {
    return forRoot(root, "org.web3j..");
  }

  /** The rules for {@code root}, with web3j found in {@code web3jPackage}. */
  static List<ArchRule> forRoot(String root, String web3jPackage) {
    List<ArchRule> rules = new ArrayList<>();
    for (var feature : MAY_USE.entrySet()) {
      List<String> forbidden = new ArrayList<>();
      for (String other : MAY_USE.keySet()) {
        boolean allowed =
            other.equals(feature.getKey())
                || feature.getValue().contains(other)
                || (other.equals("config") && !feature.getKey().equals("crypto"));
        if (!allowed) {
          forbidden.add(pkg(root, other));
        }
      }
      rules.add(
          noClasses()
              .that()
              .resideInAPackage(pkg(root, feature.getKey()))
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(forbidden.toArray(String[]::new))
              .as(feature.getKey() + " uses only " + feature.getValue() + " (and config)")
              .allowEmptyShould(true));
    }
    rules.add(
        slices()
            .matching(root + ".(**)")
            .should()
            .beFreeOfCycles()
            .as("no package cycles, between features or between a port and its adapters")
            .allowEmptyShould(true));
    for (String feature : MAY_USE.keySet()) {
      rules.add(
          noClasses()
              .that()
              .resideInAPackage(root + "." + feature)
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(root + "." + feature + ".*..", web3jPackage)
              .as(feature + "'s port imports none of its adapters and no web3j")
              .allowEmptyShould(true));
    }
    rules.add(
        classes()
            .that()
            .resideInAPackage(pkg(root, "crypto"))
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax..", "org.bouncycastle..", pkg(root, "crypto"))
            .as("crypto uses only the JDK and Bouncy Castle")
            .allowEmptyShould(true));
    rules.add(
        noClasses()
            .that()
            .resideOutsideOfPackages(pkg(root, "chain"), pkg(root, "devnet"))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(web3jPackage)
            .as("web3j is used only in chain and devnet")
            .allowEmptyShould(true));
    rules.add(
        noClasses()
            .that()
            .resideOutsideOfPackage(pkg(root, "devnet"))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(pkg(root, "devnet"))
            .as("nothing depends on devnet")
            .allowEmptyShould(true));
    rules.add(
        noClasses()
            .that()
            .resideInAPackage(pkg(root, "storage"))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "okhttp3..", "org.apache.hc..", "org.apache.http..", "org.springframework.web..")
            .as("storage talks HTTP with the JDK client")
            .allowEmptyShould(true));
    return rules;
  }

  private static String pkg(String root, String feature) {
    return root + "." + feature + "..";
  }
}
