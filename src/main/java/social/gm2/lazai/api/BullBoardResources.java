package social.gm2.lazai.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The Bull Board UI's static files (scripts, styles, icons, locales), copied from {@code
 * @bull-board/ui}'s {@code dist/static} into {@code classpath:bull-board/static/} by the build.
 */
@Configuration(proxyBeanMethods = false)
class BullBoardResources implements WebMvcConfigurer {
  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler(BullBoardController.BASE + "/static/**")
        .addResourceLocations("classpath:/bull-board/static/");
  }
}
