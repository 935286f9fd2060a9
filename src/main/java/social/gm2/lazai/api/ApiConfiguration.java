package social.gm2.lazai.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** The REST API's security filter and its OpenAPI description. */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ApiConfiguration.class);

  @Bean
  ApiKeys apiKeys(ApiProperties properties) {
    ApiKeys keys = new ApiKeys(properties.keys());
    if (!keys.configured()) {
      log.warn(
          "no API keys configured (lazai.api.keys): the write endpoints of /api/v1 and the"
              + " dashboard refuse every request");
    }
    return keys;
  }

  @Bean
  FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ApiKeys keys, JsonMapper json) {
    FilterRegistrationBean<ApiKeyFilter> registration =
        new FilterRegistrationBean<>(new ApiKeyFilter(keys, json));
    registration.addUrlPatterns("/api/*", "/dashboard", "/dashboard/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  OpenAPI lazaiOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("LazAI DAT Processor")
                .version("v1")
                .description(
                    "Mints Data Anchoring Tokens for private AI data. Write endpoints need an API"
                        + " key in the X-API-Key header; errors are RFC 9457 problems."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "apiKey",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(ApiKeyFilter.HEADER)));
  }
}
