/**
 * The test kit: in-memory fakes of the ports, abstract contract suites that every fake and every real adapter
 * passes, and fixtures with safe defaults. It is a main-scope module so that other modules' tests get all of it
 * with one test dependency; it depends on the domain and test libraries only, never on the application or an
 * adapter, so every team can use it.
 */
package dev.jobcache.testkit;
