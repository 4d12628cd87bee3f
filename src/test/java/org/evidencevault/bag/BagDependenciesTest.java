package org.evidencevault.bag;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The bag library stays a plain Java library: it can be lifted out, or run offline, with nothing of the vault. */
class BagDependenciesTest {

    @Test
    void theBagPackageDependsOnNothingButTheJdkWithoutCiphers() {
        JavaClasses bag = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.evidencevault.bag");

        classes().that().resideInAPackage("org.evidencevault.bag..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("org.evidencevault.bag..", "java..")
                .because("a bag is written and verified with java.util.zip and java.security.MessageDigest alone")
                .check(bag);
    }
}
