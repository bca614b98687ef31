"""Tests that run in the pytest process alone: no server, browser or child process."""
