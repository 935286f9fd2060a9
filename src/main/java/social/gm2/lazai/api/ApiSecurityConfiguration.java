package social.gm2.lazai.api;

import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.mint.PayloadLimit;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.cfg.ContextAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filters in front of every request, in this order: security headers, the strict path check,
 * the API key, the body size limit. And the service's JSON mapper, whose reads are bounded by the
 * same limit.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {
  private static final int FIRST = Ordered.HIGHEST_PRECEDENCE + 2;

  @Bean
  FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
    return registration(new SecurityHeadersFilter(), 0);
  }

  @Bean
  FilterRegistrationBean<StrictPathFilter> strictPathFilter(JsonMapper json) {
    return registration(new StrictPathFilter(json), 1);
  }

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, JsonMapper json) {
    return registration(new ApiKeyFilter(keys, json), 2);
  }

  @Bean
  FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(MintProperties mint, JsonMapper json) {
    return registration(
        new BodyLimitFilter(bodyLimit(mint), mint.maxDataSize().toBytes(), json), 3);
  }

  /**
   * Boot's JSON mapper with every Boot customizer applied, built on a factory whose reads are
   * bounded: the document by the body limit, numbers, names, strings and nesting by what a request
   * of this API can hold, tokens by one per data byte plus a margin; {@code privacyData} stops at
   * {@code lazai.mint.max-data-size} ({@link PrivacyDataDeserializer}).
   */
  @Bean
  @Primary
  JsonMapper jsonMapper(List<JsonMapperBuilderCustomizer> customizers, MintProperties mint) {
    long maxData = mint.maxDataSize().toBytes();
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxDocumentLength(bodyLimit(mint))
            .maxTokenCount(maxData + 4096)
            .maxNumberLength(32)
            .maxNestingDepth(32)
            .maxStringLength(64 * 1024)
            .maxNameLength(256)
            .build();
    JsonMapper.Builder builder =
        JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build());
    customizers.forEach(customizer -> customizer.customize(builder));
    builder.defaultAttributes(
        ContextAttributes.getEmpty()
            .withSharedAttribute(PrivacyDataDeserializer.MAX_BYTES, maxData));
    return builder.build();
  }

  static long bodyLimit(MintProperties mint) {
    return PayloadLimit.jsonBytes(mint.maxDataSize().toBytes());
  }

  private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> registration(
      F filter, int position) {
    FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
    registration.addUrlPatterns("/*");
    registration.setOrder(FIRST + position);
    return registration;
  }
}
