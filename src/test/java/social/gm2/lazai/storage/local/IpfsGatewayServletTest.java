package social.gm2.lazai.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import social.gm2.lazai.storage.Cid;

/** The {@code /ipfs/{cid}} gateway of the local store, driven through the servlet API. */
class IpfsGatewayServletTest {
  private static final byte[] DATA = new byte[300_000];

  @TempDir Path dir;
  private IpfsGatewayServlet gateway;
  private Cid cid;

  static {
    new Random(7).nextBytes(DATA);
  }

  @BeforeEach
  void store() {
    LocalContentStore store =
        LocalContentStore.open(dir, 1, "http://127.0.0.1:3003", 1 << 20, Clock.systemUTC());
    cid = store.put(new ByteArrayInputStream(DATA), DATA.length, "data.pgp").cid();
    gateway = new IpfsGatewayServlet(store);
  }

  @Test
  void getServesTheWholeFileWithItsCidAsETag() throws Exception {
    MockHttpServletResponse response = call("GET", "/" + cid, null);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsByteArray()).isEqualTo(DATA);
    assertThat(response.getContentLengthLong()).isEqualTo(DATA.length);
    assertThat(response.getContentType()).isEqualTo("application/octet-stream");
    assertThat(response.getHeader("ETag")).isEqualTo("\"" + cid + "\"");
    assertThat(response.getHeader("Accept-Ranges")).isEqualTo("bytes");
    assertThat(response.getHeader("Cache-Control")).contains("immutable");
    assertThat(response.getHeader("Content-Disposition")).isNull();
  }

  @Test
  void downloadTrueAsksForAnAttachment() throws Exception {
    MockHttpServletRequest request = request("GET", "/" + cid);
    request.setParameter("download", "true");

    MockHttpServletResponse response = serve(request);

    assertThat(response.getHeader("Content-Disposition"))
        .isEqualTo("attachment; filename=\"" + cid + "\"");
    assertThat(response.getContentAsByteArray()).isEqualTo(DATA);
  }

  @Test
  void aRangeGetsPartialContent() throws Exception {
    MockHttpServletResponse response = call("GET", "/" + cid, "bytes=262140-262149");

    assertThat(response.getStatus()).isEqualTo(206);
    assertThat(response.getHeader("Content-Range")).isEqualTo("bytes 262140-262149/300000");
    assertThat(response.getContentLengthLong()).isEqualTo(10);
    assertThat(response.getContentAsByteArray())
        .isEqualTo(Arrays.copyOfRange(DATA, 262_140, 262_150));
  }

  @Test
  void suffixAndOpenEndedRangesAreServed() throws Exception {
    assertThat(call("GET", "/" + cid, "bytes=-5").getContentAsByteArray())
        .isEqualTo(Arrays.copyOfRange(DATA, DATA.length - 5, DATA.length));
    assertThat(call("GET", "/" + cid, "bytes=299998-").getHeader("Content-Range"))
        .isEqualTo("bytes 299998-299999/300000");
  }

  @Test
  void aRangeBeyondTheEndIsNotSatisfiable() throws Exception {
    MockHttpServletResponse response = call("GET", "/" + cid, "bytes=300000-");

    assertThat(response.getStatus()).isEqualTo(416);
    assertThat(response.getHeader("Content-Range")).isEqualTo("bytes */300000");
  }

  @Test
  void aMalformedOrMultipleRangeGetsTheWholeFile() throws Exception {
    for (String range : new String[] {"bytes=9-3", "lines=1-2", "bytes=0-1,5-6"}) {
      MockHttpServletResponse response = call("GET", "/" + cid, range);
      assertThat(response.getStatus()).as(range).isEqualTo(200);
      assertThat(response.getContentAsByteArray()).as(range).hasSize(DATA.length);
    }
  }

  @Test
  void headGivesTheHeadersWithoutTheBody() throws Exception {
    MockHttpServletResponse response = call("HEAD", "/" + cid, null);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentLengthLong()).isEqualTo(DATA.length);
    assertThat(response.getHeader("ETag")).isEqualTo("\"" + cid + "\"");
    assertThat(response.getContentAsByteArray()).isEmpty();
  }

  @Test
  void aMatchingIfNoneMatchIsNotModified() throws Exception {
    MockHttpServletRequest request = request("GET", "/" + cid);
    request.addHeader("If-None-Match", "\"" + cid + "\"");

    MockHttpServletResponse response = serve(request);

    assertThat(response.getStatus()).isEqualTo(304);
    assertThat(response.getContentAsByteArray()).isEmpty();
  }

  @Test
  void anUnknownCidIsNotFound() throws Exception {
    Cid unknown = Cid.v1(Cid.RAW, new byte[32]);

    MockHttpServletResponse response = call("GET", "/" + unknown, null);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString()).contains("no file with CID " + unknown);
  }

  @Test
  void aMalformedCidIsABadRequestThatSaysWhy() throws Exception {
    MockHttpServletResponse response = call("GET", "/not-a-cid", null);

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentType()).isEqualTo("application/problem+json");
    assertThat(response.getContentAsString())
        .contains("\"status\":400")
        .contains("'not-a-cid' is not a CID")
        .contains("\"instance\":\"/ipfs/not-a-cid\"");
  }

  @Test
  void aPathInsideAFileIsNotFound() throws Exception {
    assertThat(call("GET", "/" + cid + "/inner.txt", null).getStatus()).isEqualTo(404);
  }

  private MockHttpServletResponse call(String method, String path, String range) throws Exception {
    MockHttpServletRequest request = request(method, path);
    if (range != null) {
      request.addHeader("Range", range);
    }
    return serve(request);
  }

  private static MockHttpServletRequest request(String method, String path) {
    MockHttpServletRequest request = new MockHttpServletRequest(method, "/ipfs" + path);
    request.setServletPath("/ipfs");
    request.setPathInfo(path);
    return request;
  }

  private MockHttpServletResponse serve(MockHttpServletRequest request) throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    gateway.service(request, response);
    return response;
  }
}
