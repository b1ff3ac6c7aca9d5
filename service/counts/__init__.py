"""How many friends, followers, requests, blocks, mutes and contacts a user has."""
