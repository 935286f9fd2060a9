package social.gm2.lazai.storage;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.InputStream;
import java.util.Optional;

/**
 * A {@link ContentStore} whose every call is a span ({@code lazai.storage}, named for the
 * operation) with the CID and the length as attributes; never the content.
 */
public final class ObservedContentStore implements ContentStore {
  private final ContentStore store;
  private final ObservationRegistry observations;

  public ObservedContentStore(ContentStore store, ObservationRegistry observations) {
    this.store = store;
    this.observations = observations;
  }

  @Override
  public StoredContent put(InputStream content, long length, String fileName) {
    Observation put =
        observation("put").highCardinalityKeyValue("lazai.size", Long.toString(length));
    return put.observe(
        () -> {
          StoredContent stored = store.put(content, length, fileName);
          put.highCardinalityKeyValue("lazai.cid", stored.cid().toString());
          return stored;
        });
  }

  @Override
  public Optional<OpenContent> open(Cid cid) {
    return observation("open")
        .highCardinalityKeyValue("lazai.cid", cid.toString())
        .observe(() -> store.open(cid));
  }

  @Override
  public boolean contains(Cid cid) {
    return observation("contains")
        .highCardinalityKeyValue("lazai.cid", cid.toString())
        .observe(() -> store.contains(cid));
  }

  private Observation observation(String operation) {
    return Observation.createNotStarted("lazai.storage", observations)
        .contextualName("storage " + operation)
        .lowCardinalityKeyValue("lazai.storage.operation", operation)
        .lowCardinalityKeyValue("lazai.storage.store", store.getClass().getSimpleName());
  }
}
