def greeting():
    return "bench py-app:"
