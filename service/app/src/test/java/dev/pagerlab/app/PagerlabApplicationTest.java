package dev.pagerlab.app;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
class PagerlabApplicationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void startsWithTheApplicationClass() {
        assertThat(context.getBeansWithAnnotation(org.springframework.boot.autoconfigure.SpringBootApplication.class))
                .containsKey("pagerlabApplication");
    }
}
