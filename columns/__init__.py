"""Guest columns (krönikor), their authors and the RSS feed."""
