"""Bibliography of the built-in activations: one :class:`~symact.spec.Source` per paper.

A record names its paper with ``source=src.KEY``; the report's bibliography and each
activation's citation are rendered from these (the key goes into ``\bibitem{...}`` and is
checked as an identifier, the other fields are escaped as text, a URL is whitelisted).
Private to the catalogue: the family modules import it, nothing else does.
"""

from ..spec import Source

RUMELHART1986 = Source("rumelhart1986", "D. E. Rumelhart, G. E. Hinton, R. J. Williams",
                       "Learning representations by back-propagating errors", 1986, "Nature 323, 533-536",
                       "https://doi.org/10.1038/323533a0")
LECUN1998 = Source("lecun1998", "Y. LeCun, L. Bottou, G. B. Orr, K.-R. Mueller", "Efficient BackProp", 1998,
                   "Neural Networks: Tricks of the Trade, LNCS 1524", "https://doi.org/10.1007/3-540-49430-8_2")
ROSENBLATT1958 = Source("rosenblatt1958", "F. Rosenblatt",
                        "The perceptron: a probabilistic model for information storage and organization in the brain",
                        1958, "Psychological Review 65(6), 386-408", "https://doi.org/10.1037/h0042519")
NAIR2010 = Source("nair2010", "V. Nair, G. E. Hinton", "Rectified linear units improve restricted Boltzmann machines",
                  2010, "ICML 2010", "https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf")
MAAS2013 = Source("maas2013", "A. L. Maas, A. Y. Hannun, A. Y. Ng",
                  "Rectifier nonlinearities improve neural network acoustic models", 2013, "ICML 2013 Workshop on Deep Learning for Audio, Speech and Language Processing")
HE2015 = Source("he2015", "K. He, X. Zhang, S. Ren, J. Sun",
                "Delving deep into rectifiers: surpassing human-level performance on ImageNet classification", 2015,
                "ICCV 2015", "https://arxiv.org/abs/1502.01852")
KRIZHEVSKY2010 = Source("krizhevsky2010", "A. Krizhevsky", "Convolutional deep belief networks on CIFAR-10", 2010,
                        "Technical report, University of Toronto")
CLEVERT2016 = Source("clevert2016", "D.-A. Clevert, T. Unterthiner, S. Hochreiter",
                     "Fast and accurate deep network learning by exponential linear units (ELUs)", 2016, "ICLR 2016",
                     "https://arxiv.org/abs/1511.07289")
KLAMBAUER2017 = Source("klambauer2017", "G. Klambauer, T. Unterthiner, A. Mayr, S. Hochreiter",
                       "Self-normalizing neural networks", 2017, "NeurIPS 2017", "https://arxiv.org/abs/1706.02515")
BARRON2017 = Source("barron2017", "J. T. Barron", "Continuously differentiable exponential linear units", 2017,
                    "arXiv:1704.07483", "https://arxiv.org/abs/1704.07483")
HENDRYCKS2016 = Source("hendrycks2016", "D. Hendrycks, K. Gimpel", "Gaussian error linear units (GELUs)", 2016,
                       "arXiv:1606.08415", "https://arxiv.org/abs/1606.08415")
ELFWING2018 = Source("elfwing2018", "S. Elfwing, E. Uchibe, K. Doya",
                     "Sigmoid-weighted linear units for neural network function approximation in reinforcement learning",
                     2018, "Neural Networks 107, 3-11", "https://arxiv.org/abs/1702.03118")
RAMACHANDRAN2017 = Source("ramachandran2017", "P. Ramachandran, B. Zoph, Q. V. Le", "Searching for activation functions",
                          2017, "arXiv:1710.05941", "https://arxiv.org/abs/1710.05941")
MISRA2019 = Source("misra2019", "D. Misra", "Mish: a self regularized non-monotonic activation function", 2019,
                   "arXiv:1908.08681 (BMVC 2020)", "https://arxiv.org/abs/1908.08681")
DUGAS2001 = Source("dugas2001", "C. Dugas, Y. Bengio, F. Belisle, C. Nadeau, R. Garcia",
                   "Incorporating second-order functional knowledge for better option pricing", 2001,
                   "Advances in Neural Information Processing Systems 13")
GLOROT2010 = Source("glorot2010", "X. Glorot, Y. Bengio",
                    "Understanding the difficulty of training deep feedforward neural networks", 2010, "AISTATS 2010",
                    "https://proceedings.mlr.press/v9/glorot10a.html")
HOWARD2019 = Source("howard2019", "A. Howard, M. Sandler, G. Chu, L.-C. Chen, B. Chen, M. Tan, W. Wang, Y. Zhu, R. Pang, V. Vasudevan, Q. V. Le, H. Adam",
                    "Searching for MobileNetV3", 2019, "ICCV 2019", "https://arxiv.org/abs/1905.02244")
COLLOBERT2004 = Source("collobert2004", "R. Collobert", "Large scale machine learning", 2004,
                       "PhD thesis, Universite Paris VI")
DONOHO1995 = Source("donoho1995", "D. L. Donoho", "De-noising by soft-thresholding", 1995,
                    "IEEE Transactions on Information Theory 41(3), 613-627", "https://doi.org/10.1109/18.382009")
DONOHO1994 = Source("donoho1994", "D. L. Donoho, I. M. Johnstone", "Ideal spatial adaptation by wavelet shrinkage", 1994,
                    "Biometrika 81(3), 425-455", "https://doi.org/10.1093/biomet/81.3.425")
BROOMHEAD1988 = Source("broomhead1988", "D. S. Broomhead, D. Lowe",
                       "Multivariable functional interpolation and adaptive networks", 1988, "Complex Systems 2, 321-355")
SITZMANN2020 = Source("sitzmann2020", "V. Sitzmann, J. N. P. Martel, A. W. Bergman, D. B. Lindell, G. Wetzstein",
                      "Implicit neural representations with periodic activation functions", 2020, "NeurIPS 2020",
                      "https://arxiv.org/abs/2006.09661")
BARRON2021 = Source("barron2021", "J. T. Barron", "Squareplus: a softplus-like algebraic rectifier", 2021,
                    "arXiv:2112.11687", "https://arxiv.org/abs/2112.11687")
BLONDEL2020 = Source("blondel2020", "M. Blondel, A. F. T. Martins, V. Niculae", "Learning with Fenchel-Young losses", 2020,
                     "Journal of Machine Learning Research 21(35), 1-69", "https://arxiv.org/abs/1901.02324")
