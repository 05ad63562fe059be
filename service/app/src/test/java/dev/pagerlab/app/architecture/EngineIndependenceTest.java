package dev.pagerlab.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine stays plain Java: no framework, no serialization library, no logging, no I/O. */
@AnalyzeClasses(packages = "dev.pagerlab", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineIndependenceTest {

    @ArchTest
    static final ArchRule engineUsesNoFramework = noClasses().that().resideInAPackage("dev.pagerlab.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "tools.jackson..",
                    "com.fasterxml..", "org.slf4j..", "java.util.logging..", "java.io..", "java.nio..",
                    "java.net..", "dev.pagerlab.app..");

    @ArchTest
    static final ArchRule engineStartsNoThreads = noClasses().that().resideInAPackage("dev.pagerlab.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("java.util.concurrent")
            .orShould().dependOnClassesThat().areAssignableTo(Thread.class);
}
