"""People you may know: friends of friends, and who the people you follow follow."""
