package social.gm2.lazai.mint;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The spans of the pipeline: one per run of a mint's steps ({@code lazai.mint.run}, a child of
 * whatever asked for it — the REST request, the queue job — or a trace of its own for the sweep)
 * and one per step ({@code lazai.mint.step}), under which the ports' calls (RPC, storage, node) are
 * spans of their own. Attributes: the token address and the mint's ids, never data or secrets.
 */
final class MintObservations {
  private MintObservations() {}

  static Observation run(ObservationRegistry registry, Observation parent, String token) {
    return Observation.createNotStarted("lazai.mint.run", registry)
        .parentObservation(parent)
        .contextualName("mint run")
        .highCardinalityKeyValue("lazai.token", token);
  }

  static Observation step(ObservationRegistry registry, Mint mint) {
    Observation step =
        Observation.createNotStarted("lazai.mint.step", registry)
            .contextualName("mint step " + mint.state())
            .lowCardinalityKeyValue("lazai.mint.state", mint.state().name())
            .highCardinalityKeyValue("lazai.token", mint.tokenAddress())
            .highCardinalityKeyValue("lazai.mint.id", Long.toString(mint.id()));
    if (mint.fileId() != null) {
      step.highCardinalityKeyValue("lazai.file.id", mint.fileId().toString());
    }
    if (mint.jobId() != null) {
      step.highCardinalityKeyValue("lazai.job.id", mint.jobId().toString());
    }
    return step;
  }
}
