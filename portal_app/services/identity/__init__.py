"""Who a person is and how they sign in: accounts, passwords, the second step, passkeys,
sessions, invitations and the throttle on guessing.
"""
