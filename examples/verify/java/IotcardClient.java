import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A small client of Alibaba linkcard (2021-05-20) and Huawei GSL (v1) on the JDK alone (17+,
 * java.net.http), run as a single source file: {@code java IotcardClient.java}. It signs as the
 * vendors document (RPC signature v1 HMAC-SHA1; SDK-HMAC-SHA256), walks listings page by page,
 * retries throttling, "system busy", 5xx and dropped connections a few times with a growing delay,
 * then runs its own checks against the cards iotcard-sim verify names in the environment. BREAK
 * (an environment variable) makes it misbehave in one named way, so that verify can be seen to
 * catch it.
 */
public class IotcardClient {
  static final String BREAK = System.getenv().getOrDefault("BREAK", "");
  static final Set<String> TRANSIENT = Set.of("Throttling", "Throttling.User", "ServiceUnavailable", "InternalError", "APIGW.0308", "GSL.00010003");
  static final int MAX_ATTEMPTS = 4;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static class ApiException extends RuntimeException {
    final int status;
    final String code;

    ApiException(int status, String code, String message) {
      super(code + ": " + message + " (HTTP " + status + ")");
      this.status = status;
      this.code = code;
    }
  }

  interface Call {
    Map<String, Object> run() throws Exception;
  }

  /** Retries transient failures, each wait twice the one before; other errors go to the caller. */
  static Map<String, Object> withRetries(Call call) throws Exception {
    long delay = BREAK.equals("retries-without-delay") ? 0 : 200;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (ApiException e) {
        boolean transientFailure = e.status == 0 || e.status >= 500 || TRANSIENT.contains(e.code);
        if (!transientFailure || attempt == MAX_ATTEMPTS) throw e;
        Thread.sleep(delay);
        delay *= 2;
      }
    }
  }

  /** RFC 3986: only A-Z a-z 0-9 - _ . ~ stay literal; space is %20. */
  static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  static byte[] hmac(String algorithm, String key, String data) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  /** One exchange: the status and the JSON body; a dropped connection is status 0. */
  static Object[] send(HttpRequest request) throws InterruptedException {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Object[] {response.statusCode(), body.isEmpty() ? Map.of() : Json.parse(body)};
    } catch (IOException e) {
      return new Object[] {0, Map.of("Code", "ConnectionDropped", "Message", String.valueOf(e.getMessage()))};
    }
  }

  static class Linkcard {
    final String endpoint, keyId, secret;

    Linkcard(String endpoint, String keyId, String secret) {
      this.endpoint = endpoint.replaceAll("/$", "");
      this.keyId = keyId;
      this.secret = secret;
    }

    Map<String, Object> call(String action, Map<String, String> params) throws Exception {
      return withRetries(() -> once(action, params));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> once(String action, Map<String, String> params) throws Exception {
      TreeMap<String, String> signed = new TreeMap<>(params);
      signed.put("Action", action);
      signed.put("Version", "2021-05-20");
      signed.put("Format", "JSON");
      signed.put("AccessKeyId", keyId);
      signed.put("SignatureMethod", "HMAC-SHA1");
      signed.put("SignatureVersion", "1.0");
      signed.put("SignatureNonce", UUID.randomUUID().toString().replace("-", ""));
      signed.put("Timestamp", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")));
      StringBuilder canonical = new StringBuilder();
      for (Map.Entry<String, String> e : signed.entrySet()) {
        if (canonical.length() > 0) canonical.append('&');
        canonical.append(enc(e.getKey())).append('=').append(enc(e.getValue()));
      }
      String stringToSign = "POST&%2F&" + enc(canonical.toString());
      // The key is the secret followed by '&'; leaving the '&' off is the classic mistake.
      String key = BREAK.equals("mis-signed") ? secret : secret + "&";
      String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", key, stringToSign));
      HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + "/"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(canonical + "&Signature=" + enc(signature)))
          .build();
      Object[] answer = send(request);
      int status = (Integer) answer[0];
      Map<String, Object> body = (Map<String, Object>) answer[1];
      Object code = body.get("Code");
      if (status >= 400 || status == 0 || (code != null && !Set.of("OK", "Success", "200").contains(code))) {
        throw new ApiException(status, String.valueOf(code), String.valueOf(body.get("Message")));
      }
      return body;
    }

    @SuppressWarnings("unchecked")
    List<String> listAllCards() throws Exception {
      List<String> cards = new ArrayList<>();
      for (int page = 1; ; page++) {
        Map<String, Object> data = (Map<String, Object>) call("ListCardInfo", Map.of("PageNo", "" + page, "PageSize", "40")).get("Data");
        for (Object item : (List<Object>) data.get("List")) cards.add((String) ((Map<String, Object>) item).get("Iccid"));
        if (BREAK.equals("ignores-paging") || page >= ((Number) data.get("PageCount")).intValue()) return cards;
      }
    }
  }

  static class Gsl {
    final String endpoint, ak, sk, projectId;

    Gsl(String endpoint, String ak, String sk, String projectId) {
      this.endpoint = endpoint.replaceAll("/$", "");
      this.ak = ak;
      this.sk = sk;
      this.projectId = projectId;
    }

    Map<String, Object> call(String method, String path, Map<String, String> query, String body) throws Exception {
      return withRetries(() -> once(method, path, query, body));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> once(String method, String path, Map<String, String> query, String body) throws Exception {
      URI base = URI.create(endpoint);
      String host = base.getHost() + ":" + base.getPort();
      String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      TreeMap<String, String> headers = new TreeMap<>(Map.of("content-type", "application/json", "host", host, "x-project-id", projectId, "x-sdk-date", date));
      String signedHeaders = String.join(";", headers.keySet());
      StringBuilder canonicalQuery = new StringBuilder();
      StringBuilder wireQuery = new StringBuilder();
      for (Map.Entry<String, String> e : new TreeMap<>(query).entrySet()) {
        String pair = enc(e.getKey()) + "=" + enc(e.getValue());
        canonicalQuery.append(canonicalQuery.length() > 0 ? "&" : "").append(pair);
        wireQuery.append(wireQuery.length() > 0 ? "&" : "?").append(pair);
      }
      StringBuilder canonicalHeaders = new StringBuilder();
      headers.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
      String canonical = String.join("\n", method, path.endsWith("/") ? path : path + "/", canonicalQuery, canonicalHeaders, signedHeaders, hex(sha256(payload)));
      String stringToSign = String.join("\n", "SDK-HMAC-SHA256", date, hex(sha256(canonical.getBytes(StandardCharsets.UTF_8))));
      String signature = hex(hmac("HmacSHA256", sk, stringToSign));
      HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint + path + wireQuery))
          .header("Content-Type", "application/json")
          .header("X-Project-Id", projectId)
          .header("X-Sdk-Date", date)
          .header("Authorization", "SDK-HMAC-SHA256 Access=" + ak + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(payload))
          .build();
      Object[] answer = send(request);
      int status = (Integer) answer[0];
      Map<String, Object> parsed = (Map<String, Object>) answer[1];
      if (status >= 400 || status == 0) {
        Object code = parsed.containsKey("error_code") ? parsed.get("error_code") : parsed.get("Code");
        Object message = parsed.containsKey("error_msg") ? parsed.get("error_msg") : parsed.get("Message");
        throw new ApiException(status, String.valueOf(code), String.valueOf(message));
      }
      return parsed;
    }

    @SuppressWarnings("unchecked")
    List<String> listAllCards() throws Exception {
      List<String> cards = new ArrayList<>();
      for (int page = 1; ; page++) {
        Map<String, Object> answer = call("GET", "/v1/sim-cards", Map.of("limit", "500", "offset", "" + page), null);
        List<Object> simCards = (List<Object>) answer.get("sim_cards");
        for (Object card : simCards) cards.add((String) ((Map<String, Object>) card).get("iccid"));
        if (BREAK.equals("ignores-paging") || simCards.isEmpty() || cards.size() >= ((Number) answer.get("count")).intValue()) return cards;
      }
    }

    Map<String, Object> stop(String iccid) throws Exception {
      return call("POST", "/v1/sim-cards/0/stop", Map.of(), "{\"iccid\":\"" + iccid + "\"}");
    }

    Map<String, Object> reset(String iccid) throws Exception {
      return call("POST", "/v1/sim-cards/0/reset", Map.of(), "{\"iccid\":\"" + iccid + "\"}");
    }
  }

  static void expectError(String code, Call call) throws Exception {
    try {
      call.run();
    } catch (ApiException e) {
      if (!e.code.equals(code)) throw new AssertionError("expected " + code + ", got " + e.getMessage());
      return;
    }
    throw new AssertionError("expected " + code + ", the call succeeded");
  }

  /** The client's own checks, with everything from the environment iotcard-sim verify sets. */
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    Linkcard linkcard = new Linkcard(env.get("IOTCARD_SIM_LINKCARD_ENDPOINT"), env.get("ALIBABA_CLOUD_ACCESS_KEY_ID"), env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET"));
    Gsl gsl = new Gsl(env.get("IOTCARD_SIM_GSL_ENDPOINT"), env.get("HUAWEICLOUD_SDK_AK"), env.get("HUAWEICLOUD_SDK_SK"), env.get("HUAWEICLOUD_SDK_PROJECT_ID"));
    String inUse = env.get("IOTCARD_SIM_CARD_IN_USE"), spare = env.get("IOTCARD_SIM_CARD_IN_USE_SPARE");
    String stopped = env.get("IOTCARD_SIM_CARD_STOPPED"), unknown = env.get("IOTCARD_SIM_CARD_UNKNOWN");

    System.out.println("linkcard: " + linkcard.listAllCards().size() + " cards");
    Map<String, Object> data = (Map<String, Object>) linkcard.call("GetCardDetail", Map.of("Iccid", inUse)).get("Data");
    if (!inUse.equals(((Map<String, Object>) data.get("VsimCardInfo")).get("Iccid"))) throw new AssertionError("GetCardDetail answered another card");
    expectError("InvalidIccid.NotFound", () -> linkcard.call("GetCardDetail", Map.of("Iccid", unknown)));
    linkcard.call("StopSingleCard", Map.of("Iccid", inUse));
    linkcard.call("ResumeSingleCard", Map.of("Iccid", stopped));

    System.out.println("gsl: " + gsl.listAllCards().size() + " cards");
    gsl.stop(spare);
    if (BREAK.equals("loops-on-refused-stop")) {
      // Wrong: GSL.00016016 means "not again within 5 minutes", yet this keeps asking.
      for (int i = 0; i < 6; i++) {
        try {
          gsl.stop(spare);
          break;
        } catch (ApiException e) {
          System.err.println("stop refused (" + e.code + "), trying again");
          Thread.sleep(50);
        }
      }
    }
    gsl.reset(inUse);
    System.out.println("all checks passed");
  }

  /** Just enough JSON for the vendors' answers: objects, arrays, strings, numbers, true/false/null. */
  static final class Json {
    private final String text;
    private int at;

    private Json(String text) {
      this.text = text;
    }

    static Object parse(String text) {
      Json json = new Json(text);
      Object value = json.value();
      json.space();
      if (json.at != text.length()) throw new IllegalArgumentException("trailing text at " + json.at);
      return value;
    }

    private void space() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
    }

    private Object value() {
      space();
      char c = text.charAt(at);
      if (c == '{') {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        space();
        if (text.charAt(at) == '}') {
          at++;
          return object;
        }
        while (true) {
          space();
          String key = string();
          space();
          at++; // ':'
          object.put(key, value());
          space();
          if (text.charAt(at++) == '}') return object;
        }
      }
      if (c == '[') {
        List<Object> array = new ArrayList<>();
        at++;
        space();
        if (text.charAt(at) == ']') {
          at++;
          return array;
        }
        while (true) {
          array.add(value());
          space();
          if (text.charAt(at++) == ']') return array;
        }
      }
      if (c == '"') return string();
      if (text.startsWith("true", at)) {
        at += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("false", at)) {
        at += 5;
        return Boolean.FALSE;
      }
      if (text.startsWith("null", at)) {
        at += 4;
        return null;
      }
      int start = at;
      while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) at++;
      return Double.parseDouble(text.substring(start, at));
    }

    private String string() {
      StringBuilder out = new StringBuilder();
      at++; // opening quote
      while (true) {
        char c = text.charAt(at++);
        if (c == '"') return out.toString();
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = text.charAt(at++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> out.append(e);
        }
      }
    }
  }
}
