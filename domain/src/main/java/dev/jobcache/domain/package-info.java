/**
 * The jobcache domain: the job model, the cache model, security principals and the ports through which the
 * application reaches the outside world. Nothing here depends on anything but the JDK; adapters implement the
 * ports, the application drives them.
 */
package dev.jobcache.domain;
