package social.gm2.lazai.storage.local;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpRange;

/**
 * The one byte range a gateway request asked for. Only a single range is honoured: a request for
 * several, or a Range header that does not parse, is answered with the whole file, which RFC 9110
 * allows (a server may ignore Range).
 *
 * @param start first byte
 * @param length bytes from {@code start}; 0 with {@code start >= size} means unsatisfiable
 */
record ByteRange(long start, long length, boolean satisfiable) {

  static ByteRange whole(long size) {
    return new ByteRange(0, size, true);
  }

  static Optional<ByteRange> of(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    List<HttpRange> ranges;
    try {
      ranges = HttpRange.parseRanges(header);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (ranges.size() != 1) {
      return Optional.empty();
    }
    HttpRange range = ranges.get(0);
    long start = range.getRangeStart(size);
    if (start >= size) {
      return Optional.of(new ByteRange(start, 0, false));
    }
    long end = range.getRangeEnd(size);
    return Optional.of(new ByteRange(start, end - start + 1, true));
  }

  String contentRange(long size) {
    return "bytes " + start + "-" + (start + length - 1) + "/" + size;
  }
}
