package social.gm2.lazai.chain;

/**
 * A file registered on the DataRegistry and the transaction whose {@code FileAdded} log registered
 * it (whichever attempt or instance sent it).
 */
public record Registration(FileRecord file, ChainTx tx) {}
