package social.gm2.lazai.queue.bullmq;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** This project's Lua scripts (resources/queue), each prefixed with common.lua. */
enum Script {
  ADD,
  FETCH,
  FINISH,
  RETRY,
  EXTEND,
  STALLED,
  STATE,
  FAILED,
  UNREPEAT,
  REPROCESS,
  RETRYALL,
  PROMOTE,
  REMOVE,
  CLEAN,
  PAUSE;

  private final String text;
  private final String sha;

  Script() {
    this.text =
        read("common.lua") + "\n" + read(name().toLowerCase(java.util.Locale.ROOT) + ".lua");
    this.sha = sha1(text);
  }

  String text() {
    return text;
  }

  String sha() {
    return sha;
  }

  private static String read(String file) {
    try (InputStream in = Script.class.getResourceAsStream("/queue/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing script queue/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read script queue/" + file, e);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
