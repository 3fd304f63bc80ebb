package io.stockade.platform.web;

/** The answer of a write that has nothing to show but a sentence: {@code {"message": "…"}}. */
public record MessageAnswer(String message) {}
