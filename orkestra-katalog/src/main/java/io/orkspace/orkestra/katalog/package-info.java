/**
 * orkestra-katalog: Katalog/Komposer model, YAML loading with located errors, validation, templates and conditions.
 */
package io.orkspace.orkestra.katalog;
